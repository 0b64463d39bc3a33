/**
 * The activation gate of DESIGN §1 and the verdict it returns: materiality on the savings interval's
 * lower bound, reliability at least equal, business-hours capacity utilisation, a fallback configured; plus the
 * break-even figures and the sensitivity (tornado) table. Every threshold's default lives in
 * {@link io.replaygate.costmodel.gate.GateThresholds#DEFAULTS}.
 */
package io.replaygate.costmodel.gate;
