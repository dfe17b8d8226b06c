package io.axon.deploy.engine.run;

import io.axon.deploy.engine.run.Expression.ExpressionException;

/** Splits an expression into numbers, quoted strings, words (paths and literals) and operators. */
final class ExpressionLexer {
  enum Kind { NUMBER, STRING, WORD, SYMBOL, END }

  record Token(Kind kind, String text, int at) {
  }

  private final String source;
  private int position;
  private Token peeked;

  ExpressionLexer(String source) {
    this.source = source;
  }

  Token peek() {
    if (peeked == null) {
      peeked = read();
    }
    return peeked;
  }

  Token next() {
    Token token = peek();
    peeked = null;
    return token;
  }

  boolean accept(String symbol) {
    if (peek().kind() == Kind.SYMBOL && peek().text().equals(symbol)) {
      next();
      return true;
    }
    return false;
  }

  void expect(String symbol) {
    if (!accept(symbol)) {
      throw error("expected '" + symbol + "'");
    }
  }

  ExpressionException error(String message) {
    return new ExpressionException(message + " at character " + (peek().at() + 1) + " of '" + source + "'");
  }

  private Token read() {
    while (position < source.length() && Character.isWhitespace(source.charAt(position))) {
      position++;
    }
    int start = position;
    if (position >= source.length()) {
      return new Token(Kind.END, "", start);
    }
    char c = source.charAt(position);
    if (Character.isDigit(c) || (c == '-' && position + 1 < source.length() && Character.isDigit(source.charAt(position + 1)))) {
      position++;
      while (position < source.length() && (Character.isDigit(source.charAt(position)) || source.charAt(position) == '.')) {
        position++;
      }
      String text = source.substring(start, position);
      if (!text.matches("-?\\d+(\\.\\d+)?")) {
        position = start;
        throw new ExpressionException("'" + text + "' is not a number at character " + (start + 1) + " of '" + source + "'");
      }
      return new Token(Kind.NUMBER, text, start);
    }
    if (c == '"' || c == '\'') {
      int end = source.indexOf(c, position + 1);
      if (end < 0) {
        throw new ExpressionException("a string opened at character " + (start + 1) + " is never closed in '" + source + "'");
      }
      position = end + 1;
      return new Token(Kind.STRING, source.substring(start + 1, end), start);
    }
    if (Character.isLetter(c) || c == '_' || c == '$') {
      while (position < source.length() && isWordPart(source.charAt(position))) {
        position++;
      }
      return new Token(Kind.WORD, source.substring(start, position), start);
    }
    for (String symbol : new String[] {"&&", "||", "==", "!=", "<=", ">=", "<", ">", "!", "(", ")"}) {
      if (source.startsWith(symbol, position)) {
        position += symbol.length();
        return new Token(Kind.SYMBOL, symbol, start);
      }
    }
    throw new ExpressionException("unexpected '" + c + "' at character " + (start + 1) + " of '" + source + "'");
  }

  private static boolean isWordPart(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '.' || c == '[' || c == ']' || c == '-';
  }
}
