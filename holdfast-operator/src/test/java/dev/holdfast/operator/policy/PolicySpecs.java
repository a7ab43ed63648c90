package dev.holdfast.operator.policy;

import dev.holdfast.operator.api.BackupPolicySpec;
import dev.holdfast.operator.api.HooksSpec;
import dev.holdfast.operator.api.RetentionSpec;
import dev.holdfast.operator.api.TestRestoreSpec;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import java.util.List;
import java.util.Map;

/** BackupPolicy specs for tests: the required fields, then only what a test changes. */
final class PolicySpecs {
  private String repository = "repo";
  private List<String> namespaces;
  private LabelSelector selector;
  private String schedule;
  private String timeZone;
  private RetentionSpec retention;
  private HooksSpec hooks;
  private String consistency;
  private TestRestoreSpec testRestore;
  private String app;
  private List<String> tags;
  private Boolean suspend;
  private Integer successful;
  private Integer failed;

  private PolicySpecs(String schedule) {
    this.schedule = schedule;
  }

  /** A policy backing up every claim into {@code repo} on {@code schedule}. */
  static PolicySpecs on(String schedule) {
    return new PolicySpecs(schedule);
  }

  PolicySpecs repository(String name) {
    repository = name;
    return this;
  }

  PolicySpecs namespaces(String... names) {
    namespaces = List.of(names);
    return this;
  }

  PolicySpecs matchLabels(Map<String, String> labels) {
    selector = new LabelSelectorBuilder().withMatchLabels(labels).build();
    return this;
  }

  PolicySpecs selector(LabelSelector s) {
    selector = s;
    return this;
  }

  PolicySpecs timeZone(String zone) {
    timeZone = zone;
    return this;
  }

  PolicySpecs retention(RetentionSpec r) {
    retention = r;
    return this;
  }

  PolicySpecs hooks(HooksSpec h) {
    hooks = h;
    return this;
  }

  PolicySpecs consistency(String c) {
    consistency = c;
    return this;
  }

  PolicySpecs testRestore(String testSchedule, String storageClass) {
    testRestore = new TestRestoreSpec(testSchedule, storageClass);
    return this;
  }

  PolicySpecs app(String name) {
    app = name;
    return this;
  }

  PolicySpecs tags(String... t) {
    tags = List.of(t);
    return this;
  }

  PolicySpecs suspend(boolean s) {
    suspend = s;
    return this;
  }

  PolicySpecs history(Integer keepSuccessful, Integer keepFailed) {
    successful = keepSuccessful;
    failed = keepFailed;
    return this;
  }

  BackupPolicySpec build() {
    return new BackupPolicySpec(
        repository,
        namespaces,
        selector,
        schedule,
        timeZone,
        retention,
        hooks,
        consistency,
        testRestore,
        app,
        tags,
        suspend,
        successful,
        failed);
  }
}
