package io.replaygate.reports.reconcile;

import java.time.LocalDate;

/**
 * One line of a provider's bill: what was charged on a UTC day for a model and a token class.
 *
 * @param day        the UTC day the charge is for
 * @param provider   the provider the bill is from ({@code anthropic}, {@code openai}, or as the CSV says)
 * @param model      the model as the bill names it, or null for a charge of no model (a tool, a fee)
 * @param tokenClass the class in replaygate's words ({@code input}, {@code output}, {@code cache read},
 *                   {@code cache write (5 min)}, {@code cache write (1 h)}, …), or the bill's own for other charges
 * @param usd        the amount in US dollars
 * @param where      where in the file it came from (for messages)
 */
public record BillLine(LocalDate day, String provider, String model, String tokenClass, double usd, String where) {}
