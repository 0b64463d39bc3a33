/**
 * Usage to dollars at list prices, as explainable line items: each one its quantity, unit price and the
 * arithmetic that made its amount.
 */
package io.replaygate.costmodel.pricing;
