package io.axon.deploy.engine.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class ExpressionTest {
  private final JsonObject scope = new JsonObject().put("input", new JsonObject()
      .put("amount", 150).put("country", "FR").put("vip", true).put("note", "").put("items", new io.vertx.core.json.JsonArray().add(3)));

  private boolean holds(String expression) {
    return Expression.compile(expression).test(scope);
  }

  @Test
  void comparesNumbersByValue() {
    assertThat(holds("input.amount > 100")).isTrue();
    assertThat(holds("input.amount >= 150.0")).isTrue();
    assertThat(holds("input.amount < 150")).isFalse();
    assertThat(holds("input.amount == 150.0")).isTrue();
    assertThat(holds("input.items.0 <= -1")).isFalse();
  }

  @Test
  void comparesStringsInEitherQuotes() {
    assertThat(holds("input.country == 'FR'")).isTrue();
    assertThat(holds("input.country != \"DE\"")).isTrue();
    assertThat(holds("input.country < 'GB'")).isTrue();
  }

  @Test
  void combinesWithAndOrNotAndParentheses() {
    assertThat(holds("input.amount > 100 && input.country == 'FR'")).isTrue();
    assertThat(holds("input.amount > 1000 || input.vip")).isTrue();
    assertThat(holds("!(input.amount > 100) || !input.vip")).isFalse();
    assertThat(holds("input.vip == true && !input.note")).isTrue();
  }

  @Test
  void missingPathsAreNullAndUnorderedComparisonsAreFalse() {
    assertThat(holds("input.nothing == null")).isTrue();
    assertThat(holds("input.nothing > 1")).isFalse();
    assertThat(holds("input.nothing <= 1")).isFalse();
    assertThat(holds("input.country > 1")).isFalse();
  }

  @Test
  void refusesWhatIsNotInTheLanguageSayingWhere() {
    assertThatThrownBy(() -> Expression.compile("input.amount > ")).hasMessageContaining("ends too early");
    assertThatThrownBy(() -> Expression.compile("input.amount + 1")).hasMessageContaining("unexpected '+'");
    assertThatThrownBy(() -> Expression.compile("java.lang.System.exit(0)")).hasMessageContaining("unexpected '('");
    assertThatThrownBy(() -> Expression.compile("'open")).hasMessageContaining("never closed");
    assertThatThrownBy(() -> Expression.compile("(a")).hasMessageContaining("expected ')'");
    assertThatThrownBy(() -> Expression.compile(" ")).hasMessageContaining("required");
    assertThatThrownBy(() -> Expression.compile("(".repeat(100) + "1" + ")".repeat(100))).hasMessageContaining("nests");
  }
}
