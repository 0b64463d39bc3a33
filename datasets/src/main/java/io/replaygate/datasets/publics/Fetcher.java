package io.replaygate.datasets.publics;

import io.replaygate.trace.ReadOptions;
import io.replaygate.trace.TraceReader;
import io.replaygate.trace.convert.TraceConverter;
import io.replaygate.trace.format.OutputFormat;
import io.replaygate.trace.format.TraceFormat;
import io.replaygate.trace.format.TraceSources;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;

/**
 * Downloads a public trace's files (from the publisher, or a mirror), verifies each against its recorded
 * SHA-256, converts them to one canonical Parquet file, and leaves nothing behind when any step fails.
 *
 * <p>Layout: {@code DIR/<name>/<file>} keeps the publisher's files (a file already there with the
 * recorded checksum is not downloaded again); {@code DIR/<name>.parquet} is the canonical trace. Files are
 * written as {@code .<file>.partial} and renamed only once every file of the trace has arrived intact.
 */
public final class Fetcher {
  /** Reports download progress (a progress bar on a terminal, nothing in tests). */
  public interface Progress {
    Progress NONE = new Progress() {
    };

    default void start(String file, long totalBytes) {
    }

    default void advance(long bytes) {
    }

    default void done() {
    }
  }

  /** Opens a file for writing (injected in tests to simulate a full disk). */
  public interface Sink {
    Sink FILES = Files::newOutputStream;

    OutputStream open(Path file) throws IOException;
  }

  /**
   * @param parquet     the canonical trace written
   * @param files       the publisher's files, verified
   * @param records     records converted
   * @param unverified  "file sha256" lines for files that had no recorded checksum (with --allow-unverified)
   */
  public record Result(Path parquet, List<Path> files, long records, List<String> unverified) {
  }

  private final HttpClient client;
  private final URI mirror;
  private final boolean allowUnverified;
  private final Progress progress;
  private final Sink sink;
  private final Duration timeout;

  /**
   * @param mirror          base URL serving {@code <name>/<file>}, or {@code null} for the publishers' URLs
   * @param allowUnverified fetch files without a recorded checksum (their computed checksum is reported)
   */
  public Fetcher(HttpClient client, URI mirror, boolean allowUnverified, Progress progress, Sink sink,
      Duration timeout) {
    this.client = client;
    this.mirror = mirror;
    this.allowUnverified = allowUnverified;
    this.progress = progress;
    this.sink = sink;
    this.timeout = timeout;
  }

  /** A client that follows redirects (release downloads redirect), with a connect timeout. */
  public static HttpClient defaultClient() {
    return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
        .connectTimeout(Duration.ofSeconds(30)).build();
  }

  public URI url(PublicTrace t, PublicTrace.File f) {
    if (mirror == null) {
      return URI.create(f.url());
    }
    String base = mirror.toString().endsWith("/") ? mirror.toString() : mirror + "/";
    return URI.create(base + t.name() + "/" + f.name());
  }

  public Result fetch(PublicTrace t, Path dir) {
    if (!allowUnverified && !t.verified()) {
      throw new FetchException(t.name() + " has files without a recorded checksum ("
          + String.join(", ", t.files().stream().filter(f -> f.sha256() == null).map(PublicTrace.File::name).toList())
          + "); rerun with --allow-unverified to fetch them anyway (their checksums will be printed)");
    }
    TraceFormat format = TraceFormat.byName(t.format()).orElseThrow(() ->
        new IllegalStateException("catalog names an unknown format " + t.format()));
    Path rawDir = dir.resolve(t.name());
    List<Path> created = new ArrayList<>();
    List<Path> partials = new ArrayList<>();
    boolean createdRawDir = !Files.isDirectory(rawDir);
    boolean ok = false;
    try {
      Files.createDirectories(rawDir);
      List<Path> finals = new ArrayList<>();
      List<String> unverified = new ArrayList<>();
      for (PublicTrace.File f : t.files()) {
        Path target = rawDir.resolve(f.name());
        finals.add(target);
        if (f.sha256() != null && Files.isRegularFile(target) && f.sha256().equals(sha256(target))) {
          continue; // already here and intact
        }
        Path partial = io.replaygate.trace.InFlight.track(rawDir.resolve("." + f.name() + ".partial"));
        partials.add(partial);
        String sha = download(url(t, f), f, partial);
        if (f.sha256() == null) {
          unverified.add(f.name() + " " + sha);
        } else if (!f.sha256().equals(sha)) {
          throw new FetchException("checksum mismatch for " + f.name() + " from " + url(t, f) + ": expected "
              + f.sha256() + ", got " + sha);
        }
      }
      // Every file arrived intact: only now do they take their names.
      for (int i = 0; i < t.files().size(); i++) {
        Path partial = io.replaygate.trace.InFlight.track(rawDir.resolve("." + t.files().get(i).name() + ".partial"));
        if (partials.remove(partial)) {
          Files.move(partial, finals.get(i), StandardCopyOption.REPLACE_EXISTING);
          created.add(finals.get(i));
        }
      }
      Path parquet = dir.resolve(t.name() + ".parquet");
      long records;
      try (TraceReader r = TraceSources.open(finals, format, ReadOptions.DEFAULTS)) {
        records = TraceConverter.convert(r, parquet, OutputFormat.PARQUET, null);
      } catch (UncheckedIOException e) {
        throw new FetchException(e.getMessage(), e);
      }
      ok = true;
      return new Result(parquet, finals, records, unverified);
    } catch (IOException e) {
      throw new FetchException("cannot write under " + rawDir + ": " + e.getMessage(), e);
    } finally {
      if (!ok) {
        for (Path p : partials) {
          deleteQuietly(p);
        }
        for (Path p : created) {
          deleteQuietly(p);
        }
        if (createdRawDir) {
          deleteQuietly(rawDir);
        }
      }
    }
  }

  /** Streams one file to {@code partial}, returns its SHA-256 (hex). */
  private String download(URI url, PublicTrace.File f, Path partial) {
    HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).GET().build();
    HttpResponse<InputStream> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new FetchException("cannot reach " + url + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FetchException("interrupted while fetching " + url, e);
    }
    OptionalLong length = response.headers().firstValueAsLong("content-length");
    try (InputStream in = response.body()) {
      if (response.statusCode() != 200) {
        throw new FetchException("HTTP " + response.statusCode() + " for " + f.name() + " from " + url);
      }
      MessageDigest md = digest();
      long total = length.orElse(f.bytes() == null ? -1 : f.bytes());
      progress.start(f.name(), total);
      long got = 0;
      byte[] buf = new byte[1 << 16];
      try (OutputStream out = sink.open(partial)) {
        while (true) {
          int n;
          try {
            n = in.read(buf);
          } catch (IOException e) {
            throw new FetchException("connection dropped while fetching " + f.name() + " from " + url + " after "
                + got + (total >= 0 ? " of " + total : "") + " bytes: " + e.getMessage(), e);
          }
          if (n < 0) {
            break;
          }
          try {
            out.write(buf, 0, n);
          } catch (IOException e) {
            throw new FetchException("cannot write " + partial.getParent().resolve(f.name()) + ": " + e.getMessage(), e);
          }
          md.update(buf, 0, n);
          got += n;
          progress.advance(n);
        }
      } catch (IOException e) {
        throw new FetchException("cannot write " + partial.getParent().resolve(f.name()) + ": " + e.getMessage(), e);
      } finally {
        progress.done();
      }
      if (length.isPresent() && got != length.getAsLong()) {
        throw new FetchException("connection dropped while fetching " + f.name() + " from " + url + ": got " + got
            + " of " + length.getAsLong() + " bytes");
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (IOException e) {
      throw new FetchException("connection dropped while fetching " + f.name() + " from " + url + ": " + e.getMessage(), e);
    }
  }

  static String sha256(Path file) throws IOException {
    MessageDigest md = digest();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // A directory that is not empty (files the user had there before) is left as it was.
    }
  }
}
