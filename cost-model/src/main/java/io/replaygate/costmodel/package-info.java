/**
 * Price catalog, managed / BYOK / BYOC terms, usage ledger to cost, bootstrap confidence intervals,
 * the activation gate and the verdict. Depends on no other replaygate module (DESIGN §6).
 */
package io.replaygate.costmodel;
