package io.axon.deploy.engine.run;

import io.axon.deploy.engine.run.Expression.ExpressionException;
import java.util.Objects;
import java.util.function.BiPredicate;
import java.util.function.Function;

/** Recursive descent over {@code or := and ('||' and)*; and := cmp ('&&' cmp)*; cmp := unary (op unary)?; unary := '!' unary | atom}. */
final class ExpressionParser {
  private static final int MAX_LENGTH = 4096;
  private static final int MAX_DEPTH = 64;
  private static final int UNORDERED = Integer.MAX_VALUE;
  private final String source;
  private final ExpressionLexer lexer;
  private int depth;

  ExpressionParser(String source) {
    if (source == null || source.isBlank()) {
      throw new ExpressionException("an expression is required");
    }
    if (source.length() > MAX_LENGTH) {
      throw new ExpressionException("an expression is at most " + MAX_LENGTH + " characters");
    }
    this.source = source;
    this.lexer = new ExpressionLexer(source);
  }

  Expression parse() {
    Function<Object, Object> root = or();
    if (lexer.peek().kind() != ExpressionLexer.Kind.END) {
      throw lexer.error("unexpected '" + lexer.peek().text() + "'");
    }
    return new Expression(source, root);
  }

  private Function<Object, Object> or() {
    Function<Object, Object> left = and();
    while (lexer.accept("||")) {
      Function<Object, Object> l = left;
      Function<Object, Object> r = and();
      left = scope -> Expression.truthy(l.apply(scope)) || Expression.truthy(r.apply(scope));
    }
    return left;
  }

  private Function<Object, Object> and() {
    Function<Object, Object> left = comparison();
    while (lexer.accept("&&")) {
      Function<Object, Object> l = left;
      Function<Object, Object> r = comparison();
      left = scope -> Expression.truthy(l.apply(scope)) && Expression.truthy(r.apply(scope));
    }
    return left;
  }

  private Function<Object, Object> comparison() {
    Function<Object, Object> left = unary();
    for (String op : new String[] {"==", "!=", "<=", ">=", "<", ">"}) {
      if (lexer.accept(op)) {
        Function<Object, Object> right = unary();
        BiPredicate<Object, Object> test = test(op);
        return scope -> test.test(left.apply(scope), right.apply(scope));
      }
    }
    return left;
  }

  private static BiPredicate<Object, Object> test(String op) {
    return switch (op) {
      case "==" -> ExpressionParser::same;
      case "!=" -> (a, b) -> !same(a, b);
      case "<" -> (a, b) -> order(a, b) < 0;
      case "<=" -> (a, b) -> order(a, b) <= 0;
      case ">" -> (a, b) -> order(a, b) > 0 && order(a, b) != UNORDERED;
      default -> (a, b) -> order(a, b) >= 0 && order(a, b) != UNORDERED;
    };
  }

  private static boolean same(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      return x.doubleValue() == y.doubleValue();
    }
    return Objects.equals(a, b);
  }

  /** Numbers by value, strings by text; anything else is {@link #UNORDERED}, for which every comparison is false. */
  private static int order(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      return Double.compare(x.doubleValue(), y.doubleValue());
    }
    if (a instanceof String x && b instanceof String y) {
      return Integer.signum(x.compareTo(y));
    }
    return UNORDERED;
  }

  private Function<Object, Object> unary() {
    if (lexer.accept("!")) {
      Function<Object, Object> operand = nested(this::unary);
      return scope -> !Expression.truthy(operand.apply(scope));
    }
    return atom();
  }

  private Function<Object, Object> atom() {
    ExpressionLexer.Token token = lexer.next();
    switch (token.kind()) {
      case NUMBER:
        Double number = Double.valueOf(token.text());
        return scope -> number;
      case STRING:
        String text = token.text();
        return scope -> text;
      case WORD:
        return word(token.text());
      case SYMBOL:
        if (token.text().equals("(")) {
          Function<Object, Object> inner = nested(this::or);
          lexer.expect(")");
          return inner;
        }
        throw lexer.error("unexpected '" + token.text() + "'");
      default:
        throw lexer.error("the expression ends too early");
    }
  }

  private static Function<Object, Object> word(String word) {
    switch (word) {
      case "true":
        return scope -> Boolean.TRUE;
      case "false":
        return scope -> Boolean.FALSE;
      case "null":
        return scope -> null;
      default:
        return scope -> JsonPaths.get(scope, word);
    }
  }

  private Function<Object, Object> nested(java.util.function.Supplier<Function<Object, Object>> rule) {
    if (++depth > MAX_DEPTH) {
      throw new ExpressionException("an expression nests at most " + MAX_DEPTH + " levels");
    }
    Function<Object, Object> result = rule.get();
    depth--;
    return result;
  }
}
