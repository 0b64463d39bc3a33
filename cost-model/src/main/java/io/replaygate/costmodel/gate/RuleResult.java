package io.replaygate.costmodel.gate;

/**
 * One gate rule, evaluated: whether it held, the figure it looked at, the threshold, and by how much it
 * held or failed ({@code margin} ≥ 0 when it held).
 */
public record RuleResult(String rule, boolean passed, double observed, double threshold, double margin,
    String explanation) {}
