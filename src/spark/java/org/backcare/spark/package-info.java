/**
 * Planning on Apache Spark ({@code ./backcare spark}, or {@code spark-submit}): the profiles of JSON Lines or Parquet
 * files planned partition by partition, with one {@link org.backcare.Planner} per executor JVM, into plans, failures
 * and a summary that equal {@code backcare batch}'s. Compiled on the class path (Spark's jars name no module), with
 * Spark provided by the launcher or the cluster. Internal: not part of the library's API.
 */
package org.backcare.spark;
