package io.axon.deploy.engine.plan;

import io.axon.deploy.common.error.Problem.FieldError;
import java.util.List;

/** A definition the engine cannot run, with every problem found, each at its JSON Pointer. */
public final class DefinitionException extends RuntimeException {
  private final List<FieldError> errors;

  public DefinitionException(List<FieldError> errors) {
    super(errors.size() == 1 ? errors.get(0).message() : "the definition has " + errors.size() + " problems", null, false, false);
    this.errors = List.copyOf(errors);
  }

  public List<FieldError> errors() {
    return errors;
  }
}
