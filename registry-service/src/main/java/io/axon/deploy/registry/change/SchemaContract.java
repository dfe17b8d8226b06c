package io.axon.deploy.registry.change;

import static io.axon.deploy.registry.change.Change.ABSENT;

import io.axon.deploy.registry.change.JsonDiff.Leaf;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Compares an input or output JSON Schema as a contract, field by field. For the input, what could
 * refuse a call that worked before breaks (a field removed, made required, its type narrowed, a new
 * constraint); what accepts more is a feature. For the output it is the other way round: what could
 * surprise a caller (a field removed or no longer guaranteed, a type widened) breaks.
 */
final class SchemaContract {
  enum Side { INPUT, OUTPUT }

  private static final Set<String> DOCUMENTATION = Set.of("title", "description", "examples", "$comment", "deprecated");

  private SchemaContract() {
  }

  static void compare(Side side, String root, Object before, Object after, List<Change> changes) {
    if (before instanceof JsonObject a && after instanceof JsonObject b) {
      for (Leaf leaf : JsonDiff.diff(root, a, b)) {
        classify(side, root, leaf, changes);
      }
    } else if (!JsonDiff.same(before, after)) {
      // a schema added or dropped as a whole: judged as from (or to) a schema that accepts anything
      Leaf whole = new Leaf(root, before, after);
      int count = changes.size();
      JsonObject a = before instanceof JsonObject o ? o : new JsonObject();
      JsonObject b = after instanceof JsonObject o ? o : new JsonObject();
      for (Leaf leaf : JsonDiff.diff(root, a, b)) {
        classify(side, root, leaf, changes);
      }
      for (int i = count; i < changes.size(); i++) {
        Change c = changes.get(i);
        changes.set(i, new Change(c.kind(), root, c.impact(), c.changelogType(), c.description(),
            c.affectedComponents(), whole.before(), whole.after()));
      }
      if (changes.size() == count) {
        changes.add(change(side, "changed", whole, Impact.BUGFIX, ChangelogType.CHANGED, side.name().toLowerCase()
            + " schema " + ChangeDetector.verb(whole)));
      }
    }
  }

  private static void classify(Side side, String root, Leaf leaf, List<Change> changes) {
    List<String> at = JsonPointer.tokens(leaf.path()).subList(JsonPointer.tokens(root).size(), JsonPointer.tokens(leaf.path()).size());
    boolean input = side == Side.INPUT;
    String name = side.name().toLowerCase();
    if (at.size() == 2 && at.get(0).equals("properties")) {
      String field = at.get(1);
      if (leaf.before() == ABSENT) {
        changes.add(change(side, "field.added", leaf, Impact.FEATURE, ChangelogType.ADDED, name + " field " + field + " added"));
      } else if (leaf.after() == ABSENT) {
        changes.add(change(side, "field.removed", leaf, Impact.BREAKING, ChangelogType.REMOVED, name + " field " + field + " removed"));
      } else {
        changes.add(change(side, "field.changed", leaf, Impact.BREAKING, ChangelogType.CHANGED, name + " field " + field + " redefined"));
      }
    } else if (at.size() >= 3 && at.get(0).equals("properties")) {
      fieldDetail(side, at.get(1), at.subList(2, at.size()), leaf, changes);
    } else if (at.size() == 1 && at.get(0).equals("required")) {
      required(side, leaf, changes);
    } else if (at.size() == 1 && at.get(0).equals("type")) {
      changes.add(typeChange(side, "(whole " + name + ")", leaf));
    } else if (!at.isEmpty() && DOCUMENTATION.contains(at.get(0))) {
      changes.add(change(side, "documentation.changed", leaf, Impact.COSMETIC, ChangelogType.CHANGED, name + " schema " + at.get(0) + " changed"));
    } else {
      boolean relaxed = leaf.after() == ABSENT;
      changes.add(change(side, "constraint.changed", leaf, input == relaxed ? Impact.FEATURE : Impact.BREAKING,
          ChangelogType.CHANGED, name + " schema " + String.join("/", at) + " " + ChangeDetector.verb(leaf)));
    }
  }

  private static void fieldDetail(Side side, String field, List<String> at, Leaf leaf, List<Change> changes) {
    String name = side.name().toLowerCase();
    if (at.size() == 1 && at.get(0).equals("type")) {
      changes.add(typeChange(side, field, leaf));
    } else if (DOCUMENTATION.contains(at.get(0))) {
      changes.add(change(side, "field.documentation.changed", leaf, Impact.COSMETIC, ChangelogType.CHANGED,
          name + " field " + field + " " + at.get(0) + " changed"));
    } else {
      // a constraint on the field: added or tightened can refuse input / promise more output
      boolean relaxed = leaf.after() == ABSENT;
      Impact impact = side == Side.INPUT ? (relaxed ? Impact.FEATURE : Impact.BREAKING) : (relaxed ? Impact.BREAKING : Impact.BUGFIX);
      changes.add(change(side, "field.constraint.changed", leaf, impact, ChangelogType.CHANGED,
          name + " field " + field + " " + String.join("/", at) + " " + ChangeDetector.verb(leaf)));
    }
  }

  private static Change typeChange(Side side, String field, Leaf leaf) {
    Set<String> from = types(leaf.before());
    Set<String> to = types(leaf.after());
    boolean widened = covers(to, from);
    boolean narrowed = covers(from, to);
    Impact impact;
    if (side == Side.INPUT) {
      impact = widened ? Impact.FEATURE : Impact.BREAKING;
    } else {
      impact = narrowed ? Impact.BUGFIX : Impact.BREAKING;
    }
    String how = widened ? "widened" : narrowed ? "narrowed" : "changed";
    return change(side, "field.type." + how, leaf, impact, ChangelogType.CHANGED,
        side.name().toLowerCase() + " field " + field + " type " + how + " from " + show(from) + " to " + show(to));
  }

  private static void required(Side side, Leaf leaf, List<Change> changes) {
    Set<String> from = names(leaf.before());
    Set<String> to = names(leaf.after());
    int count = changes.size();
    String name = side.name().toLowerCase();
    for (String field : to) {
      if (!from.contains(field)) {
        changes.add(change(side, "field.required", leaf, side == Side.INPUT ? Impact.BREAKING : Impact.FEATURE,
            ChangelogType.CHANGED, name + " field " + field + " made required"));
      }
    }
    for (String field : from) {
      if (!to.contains(field)) {
        changes.add(change(side, "field.optional", leaf, side == Side.INPUT ? Impact.FEATURE : Impact.BREAKING,
            ChangelogType.CHANGED, name + " field " + field + " made optional"));
      }
    }
    if (changes.size() == count) {
      changes.add(change(side, "required.reordered", leaf, Impact.COSMETIC, ChangelogType.CHANGED, name + " required fields reordered"));
    }
  }

  /** The JSON types a {@code type} keyword allows; none given allows every type. */
  private static Set<String> types(Object type) {
    Set<String> types = new LinkedHashSet<>();
    if (type instanceof String single) {
      types.add(single);
    } else if (type instanceof JsonArray list) {
      list.forEach(t -> types.add(String.valueOf(t)));
    } else {
      types.addAll(List.of("string", "number", "integer", "boolean", "object", "array", "null"));
    }
    return types;
  }

  /** Whether every value of {@code narrow} types is also of {@code wide} types (number covers integer). */
  private static boolean covers(Set<String> wide, Set<String> narrow) {
    return narrow.stream().allMatch(t -> wide.contains(t) || (t.equals("integer") && wide.contains("number")));
  }

  private static Set<String> names(Object required) {
    Set<String> names = new LinkedHashSet<>();
    if (required instanceof JsonArray list) {
      list.forEach(n -> names.add(String.valueOf(n)));
    }
    return names;
  }

  private static String show(Set<String> types) {
    return types.size() == 7 ? "any" : String.join("|", types);
  }

  private static Change change(Side side, String kind, Leaf leaf, Impact impact, ChangelogType type, String description) {
    String component = side == Side.INPUT ? "input" : "output";
    return new Change(component + "." + kind, leaf.path(), impact, type, description, List.of(component), leaf.before(), leaf.after());
  }
}
