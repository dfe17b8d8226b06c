package io.axon.deploy.registry.change;

import static io.axon.deploy.registry.change.Change.ABSENT;

import io.axon.deploy.registry.change.JsonDiff.Leaf;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Compares an input or output JSON Schema as a contract, field by field and into nested objects
 * and array items. For the input, what could refuse a call that worked before breaks (a field
 * removed, made required, its type narrowed, a new constraint); what accepts more is a feature. For
 * the output it is the other way round: what could surprise a caller (a field removed or no longer
 * guaranteed, a type widened, a constraint dropped) breaks. A constraint that changed in a way this
 * class cannot order is taken as breaking on both sides.
 */
final class SchemaContract {
  enum Side { INPUT, OUTPUT }

  private static final Set<String> DOCUMENTATION = Set.of("title", "description", "examples", "$comment", "deprecated");

  private SchemaContract() {
  }

  static void compare(Side side, String root, Object before, Object after, List<Change> changes) {
    String name = side.name().toLowerCase(Locale.ROOT);
    if (before instanceof JsonObject a && after instanceof JsonObject b) {
      int rootDepth = JsonPointer.tokens(root).size();
      for (Leaf leaf : JsonDiff.diff(root, a, b)) {
        List<String> tokens = JsonPointer.tokens(leaf.path());
        classify(side, tokens.subList(rootDepth, tokens.size()), leaf, name, changes);
      }
    } else if (!JsonDiff.same(before, after)) {
      // a schema added or dropped as a whole: judged as from (or to) a schema that accepts anything
      Leaf whole = new Leaf(root, before, after);
      int count = changes.size();
      JsonObject a = before instanceof JsonObject o ? o : new JsonObject();
      JsonObject b = after instanceof JsonObject o ? o : new JsonObject();
      for (Leaf leaf : JsonDiff.diff("", a, b)) {
        classify(side, JsonPointer.tokens(leaf.path()), leaf, name, changes);
      }
      for (int i = count; i < changes.size(); i++) {
        Change c = changes.get(i);
        changes.set(i, new Change(c.kind(), root, c.impact(), c.changelogType(), c.description(),
            c.affectedComponents(), whole.before(), whole.after()));
      }
      if (changes.size() == count) {
        changes.add(change(side, "changed", whole, Impact.BUGFIX, ChangelogType.CHANGED, name + " schema " + ChangeDetector.verb(whole)));
      }
    }
  }

  /** One differing leaf at {@code at} below the schema that {@code label} names ("input", "input field a"). */
  private static void classify(Side side, List<String> at, Leaf leaf, String label, List<Change> changes) {
    String head = at.isEmpty() ? "" : at.get(0);
    if (at.size() == 1 && head.equals("properties")) {
      wholeProperties(side, leaf, label, changes);
    } else if (at.size() == 2 && head.equals("properties")) {
      field(side, at.get(1), leaf, label, changes);
    } else if (at.size() > 2 && head.equals("properties")) {
      classify(side, at.subList(2, at.size()), leaf, fieldLabel(label, at.get(1)), changes);
    } else if (!at.isEmpty() && head.equals("items")) {
      classify(side, at.subList(1, at.size()), leaf, label + "[]", changes);
    } else if (at.size() == 1 && head.equals("required")) {
      required(side, leaf, label, changes);
    } else if (at.size() == 1 && head.equals("type")) {
      changes.add(typeChange(side, label, leaf));
    } else if (DOCUMENTATION.contains(head)) {
      changes.add(change(side, "documentation.changed", leaf, Impact.COSMETIC, ChangelogType.CHANGED, label + " " + head + " changed"));
    } else {
      changes.add(change(side, "constraint.changed", leaf, constraintImpact(side, leaf), ChangelogType.CHANGED,
          label + " " + String.join("/", at) + " " + ChangeDetector.verb(leaf)));
    }
  }

  /** A constraint added tightens, one dropped loosens, one changed is taken as breaking either way. */
  private static Impact constraintImpact(Side side, Leaf leaf) {
    if (leaf.before() != ABSENT && leaf.after() != ABSENT) {
      return Impact.BREAKING;
    }
    boolean added = leaf.before() == ABSENT;
    return side == Side.INPUT ? (added ? Impact.BREAKING : Impact.FEATURE) : (added ? Impact.BUGFIX : Impact.BREAKING);
  }

  private static void field(Side side, String field, Leaf leaf, String label, List<Change> changes) {
    String described = fieldLabel(label, field);
    if (leaf.before() == ABSENT) {
      changes.add(change(side, "field.added", leaf, Impact.FEATURE, ChangelogType.ADDED, described + " added"));
    } else if (leaf.after() == ABSENT) {
      changes.add(change(side, "field.removed", leaf, Impact.BREAKING, ChangelogType.REMOVED, described + " removed"));
    } else {
      changes.add(change(side, "field.changed", leaf, Impact.BREAKING, ChangelogType.CHANGED, described + " redefined"));
    }
  }

  /** The whole {@code properties} keyword came or went: each field it holds was added or removed. */
  private static void wholeProperties(Side side, Leaf leaf, String label, List<Change> changes) {
    int count = changes.size();
    JsonObject before = leaf.before() instanceof JsonObject o ? o : new JsonObject();
    JsonObject after = leaf.after() instanceof JsonObject o ? o : new JsonObject();
    before.fieldNames().stream().filter(f -> !after.containsKey(f)).forEach(f -> changes.add(change(side, "field.removed", leaf,
        Impact.BREAKING, ChangelogType.REMOVED, fieldLabel(label, f) + " removed")));
    after.fieldNames().stream().filter(f -> !before.containsKey(f)).forEach(f -> changes.add(change(side, "field.added", leaf,
        Impact.FEATURE, ChangelogType.ADDED, fieldLabel(label, f) + " added")));
    if (changes.size() == count) {
      changes.add(change(side, "constraint.changed", leaf, constraintImpact(side, leaf), ChangelogType.CHANGED,
          label + " properties " + ChangeDetector.verb(leaf)));
    }
  }

  private static Change typeChange(Side side, String label, Leaf leaf) {
    Set<String> from = types(leaf.before());
    Set<String> to = types(leaf.after());
    boolean widened = covers(to, from);
    boolean narrowed = covers(from, to);
    Impact impact = side == Side.INPUT
        ? (widened ? Impact.FEATURE : Impact.BREAKING)
        : (narrowed ? Impact.BUGFIX : Impact.BREAKING);
    String how = widened ? "widened" : narrowed ? "narrowed" : "changed";
    return change(side, "field.type." + how, leaf, impact, ChangelogType.CHANGED,
        label + " type " + how + " from " + show(from) + " to " + show(to));
  }

  private static void required(Side side, Leaf leaf, String label, List<Change> changes) {
    Set<String> from = names(leaf.before());
    Set<String> to = names(leaf.after());
    int count = changes.size();
    for (String field : to) {
      if (!from.contains(field)) {
        changes.add(change(side, "field.required", leaf, side == Side.INPUT ? Impact.BREAKING : Impact.FEATURE,
            ChangelogType.CHANGED, fieldLabel(label, field) + " made required"));
      }
    }
    for (String field : from) {
      if (!to.contains(field)) {
        changes.add(change(side, "field.optional", leaf, side == Side.INPUT ? Impact.FEATURE : Impact.BREAKING,
            ChangelogType.CHANGED, fieldLabel(label, field) + " made optional"));
      }
    }
    if (changes.size() == count) {
      changes.add(change(side, "required.reordered", leaf, Impact.COSMETIC, ChangelogType.CHANGED, label + " required fields reordered"));
    }
  }

  /** "input" and "note" give "input field note"; "input field order" and "id" give "input field order.id". */
  private static String fieldLabel(String label, String field) {
    return label.contains(" field ") ? label + "." + field : label + " field " + field;
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
