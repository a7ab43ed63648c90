package dev.holdfast.operator.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Edits that set one annotation, as {@code kubectl annotate --overwrite} does. */
public final class Annotate {
  private Annotate() {}

  /** An edit (for fabric8's {@code edit}) that sets annotation {@code key} to {@code value}. */
  public static <T extends HasMetadata> UnaryOperator<T> with(String key, String value) {
    return resource -> {
      Map<String, String> before = resource.getMetadata().getAnnotations();
      Map<String, String> annotations = new HashMap<>(before == null ? Map.of() : before);
      annotations.put(key, value);
      resource.getMetadata().setAnnotations(annotations);
      return resource;
    };
  }
}
