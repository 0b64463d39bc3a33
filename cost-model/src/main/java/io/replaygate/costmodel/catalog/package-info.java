/**
 * The dated price catalog: managed-provider list prices and prompt-cache semantics, as data
 * ({@code models.yaml} in this package's resources), overridable per user, priced at a date; and the
 * importer of LiteLLM's public price database.
 */
package io.replaygate.costmodel.catalog;
