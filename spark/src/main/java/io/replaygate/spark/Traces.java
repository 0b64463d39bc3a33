package io.replaygate.spark;

import io.replaygate.datasets.BundledSample;
import io.replaygate.replay.TraceSource;
import io.replaygate.trace.ReadOptions;
import io.replaygate.trace.format.TraceSources;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The plan's traces as an executor sees them: {@code sample:NAME}, a local path, or any Hadoop-compatible URI the
 * cluster reaches ({@code hdfs://}, {@code s3a://}, {@code gs://}, …), copied once per executor JVM into its local
 * temporary directory (the readers seek within files).
 */
final class Traces {
  private Traces() {}

  private static final Map<String, Path> LOCAL = new ConcurrentHashMap<>();

  static TraceSource source(List<String> uris) {
    if (uris.size() == 1 && BundledSample.fromUri(uris.get(0)).isPresent()) {
      BundledSample s = BundledSample.fromUri(uris.get(0)).orElseThrow();
      return s::open;
    }
    return () -> {
      List<Path> files = new ArrayList<>();
      for (String u : uris) {
        files.add(local(u));
      }
      return TraceSources.open(files, null, ReadOptions.DEFAULTS);
    };
  }

  static Path local(String uri) throws IOException {
    URI u = URI.create(uri.replace(" ", "%20"));
    if (u.getScheme() == null) {
      return Path.of(uri);
    }
    if (u.getScheme().equals("file")) {
      return Path.of(u);
    }
    Path cached = LOCAL.get(uri);
    if (cached != null) {
      return cached;
    }
    synchronized (LOCAL) {
      cached = LOCAL.get(uri);
      if (cached == null) {
        Path dir = Files.createTempDirectory("replaygate-trace-");
        String name = u.getPath().substring(u.getPath().lastIndexOf('/') + 1);
        cached = dir.resolve(name.isEmpty() ? "trace" : name);
        org.apache.hadoop.fs.Path src = new org.apache.hadoop.fs.Path(uri);
        src.getFileSystem(new org.apache.hadoop.conf.Configuration()).copyToLocalFile(false, src,
            new org.apache.hadoop.fs.Path(cached.toUri()), true);
        LOCAL.put(uri, cached);
      }
      return cached;
    }
  }
}
