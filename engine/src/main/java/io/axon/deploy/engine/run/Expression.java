package io.axon.deploy.engine.run;

import java.util.function.Function;

/**
 * A compiled condition such as {@code input.amount > 100 && !(input.country == "FR")}: comparisons
 * ({@code == != < <= > >=}), {@code && || !}, parentheses, numbers, strings in single or double
 * quotes, {@code true false null}, and paths into the scope. No script engine: nothing but these.
 */
public final class Expression {
  private final String source;
  private final Function<Object, Object> evaluate;

  Expression(String source, Function<Object, Object> evaluate) {
    this.source = source;
    this.evaluate = evaluate;
  }

  /** Compiles {@code source} or throws {@link ExpressionException} naming where it went wrong. */
  public static Expression compile(String source) {
    return new ExpressionParser(source).parse();
  }

  /** The value of the expression in {@code scope}. */
  public Object evaluate(Object scope) {
    return evaluate.apply(scope);
  }

  /** Whether the expression holds in {@code scope}: false, null, 0 and "" do not; everything else does. */
  public boolean test(Object scope) {
    return truthy(evaluate(scope));
  }

  static boolean truthy(Object value) {
    if (value == null) {
      return false;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    if (value instanceof Number n) {
      return n.doubleValue() != 0;
    }
    return !(value instanceof String s) || !s.isEmpty();
  }

  @Override
  public String toString() {
    return source;
  }

  /** An expression that cannot be compiled. */
  public static final class ExpressionException extends IllegalArgumentException {
    public ExpressionException(String message) {
      super(message);
    }
  }
}
