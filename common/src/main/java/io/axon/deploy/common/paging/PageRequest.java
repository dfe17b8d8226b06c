package io.axon.deploy.common.paging;

import io.axon.deploy.common.error.ProblemType;
import io.axon.deploy.common.error.Problem;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * {@code limit} and an opaque {@code cursor} as lists take them. The cursor wraps the sort key of
 * the last item of the previous page; it is opaque so that the key can change without breaking
 * clients.
 */
public record PageRequest(int limit, Optional<String> after) {
  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 1000;

  public static PageRequest fromJson(JsonObject body) {
    Object limitValue = body.getValue("limit");
    int limit = DEFAULT_LIMIT;
    if (limitValue != null) {
      if (!(limitValue instanceof Number number) || number.intValue() < 1 || number.intValue() > MAX_LIMIT) {
        throw Problem.at(ProblemType.MALFORMED, "/limit", "limit must be a whole number from 1 to " + MAX_LIMIT);
      }
      limit = number.intValue();
    }
    return new PageRequest(limit, Optional.ofNullable(body.getString("cursor")).map(PageRequest::decode));
  }

  public static String encode(String key) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
  }

  private static String decode(String cursor) {
    try {
      return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw Problem.at(ProblemType.MALFORMED, "/cursor", "the cursor is not one this API handed out");
    }
  }

  /**
   * {@code {items, nextCursor}} from up to {@code limit + 1} fetched items: the extra one only tells
   * that there is a next page, whose cursor is the key of the last item shown.
   */
  public <T> JsonObject page(List<T> fetched, java.util.function.Function<T, JsonObject> toJson,
      java.util.function.Function<T, String> key) {
    List<T> shown = fetched.size() > limit ? fetched.subList(0, limit) : fetched;
    JsonObject page = new JsonObject().put("items", new JsonArray(shown.stream().map(toJson).toList()));
    if (fetched.size() > limit) {
      page.put("nextCursor", encode(key.apply(shown.get(shown.size() - 1))));
    }
    return page;
  }
}
