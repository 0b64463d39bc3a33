package io.replaygate.datasets.publics;

import java.util.List;

/**
 * A public trace the readers support, as recorded in {@code public-traces.yaml}.
 *
 * @param name        registry name, e.g. {@code mooncake-conversation}
 * @param title       one line
 * @param format      the reader's format name ({@code mooncake}, {@code bailian}, {@code weka}, …)
 * @param licence     the licence as the publisher states it
 * @param page        the publisher's page
 * @param blockTokens tokens per prefix block; {@code null} when the trace has no block hashes
 * @param span        time covered, in words
 * @param records     request count, in words
 * @param contains    the fields it carries
 * @param citation    the attribution the licence or the authors ask for
 * @param files       the files, with their URLs and (when recorded) sizes and SHA-256
 */
public record PublicTrace(String name, String title, String format, String licence, String page, Integer blockTokens,
    String span, String records, String contains, String citation, List<File> files) {

  /**
   * @param name   file name
   * @param url    the publisher's URL
   * @param bytes  size, when recorded
   * @param sha256 checksum, when recorded ({@code null}: fetching it needs {@code --allow-unverified})
   */
  public record File(String name, String url, Long bytes, String sha256) {
  }

  /** Whether every file has a recorded checksum. */
  public boolean verified() {
    return files.stream().allMatch(f -> f.sha256() != null);
  }

  /** Total recorded size, or {@code null} when a file's size is not recorded. */
  public Long bytes() {
    long sum = 0;
    for (File f : files) {
      if (f.bytes() == null) {
        return null;
      }
      sum += f.bytes();
    }
    return sum;
  }
}
