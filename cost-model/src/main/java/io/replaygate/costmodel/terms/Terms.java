package io.replaygate.costmodel.terms;

import java.math.BigDecimal;

/** Argument checks shared by the terms records. */
final class Terms {
  private Terms() {}

  static void fraction(BigDecimal v, String what) {
    if (v == null || v.signum() < 0 || v.compareTo(BigDecimal.ONE) > 0) {
      throw new IllegalArgumentException(what + " must be between 0 and 1, got " + v);
    }
  }

  static void nonNegative(BigDecimal v, String what) {
    if (v == null || v.signum() < 0) {
      throw new IllegalArgumentException(what + " cannot be negative, got " + v);
    }
  }
}
