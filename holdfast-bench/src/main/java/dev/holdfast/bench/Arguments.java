package dev.holdfast.bench;

/** Reading the command lines of the generators' {@code main} methods. */
final class Arguments {
  private Arguments() {}

  /**
   * The value of the option before position {@code i} of {@code args}.
   *
   * @throws IllegalArgumentException when the option is the last argument
   */
  static String value(String[] args, int i) {
    if (i >= args.length) {
      throw new IllegalArgumentException(args[i - 1] + " needs a value");
    }
    return args[i];
  }
}
