package io.replaygate.datasets.publics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.replaygate.trace.ReadOptions;
import io.replaygate.trace.SharedTraces;
import io.replaygate.trace.TraceReader;
import io.replaygate.trace.format.TraceFormat;
import io.replaygate.trace.format.TraceSources;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fetch} end to end against a mirror on loopback that serves copies of {@code ../shared/traces}
 * (nothing downloads from outside during tests). Each failure leaves the output directory as it was.
 */
@EnabledIf("io.replaygate.trace.SharedTraces#present")
class FetcherTest {
  /** Where each catalog file lives among the shared copies. */
  static final Map<String, String> SHARED = Map.of(
      "conversation_trace.jsonl", "mooncake/conversation_trace.jsonl",
      "synthetic_trace.jsonl", "mooncake/synthetic_trace.jsonl",
      "AzureLLMInferenceTrace_code.csv", "azure_llm_2023/AzureLLMInferenceTrace_code.csv",
      "AzureLLMInferenceTrace_conv.csv", "azure_llm_2023/AzureLLMInferenceTrace_conv.csv");

  @TempDir
  Path tmp;
  HttpServer server;
  final AtomicInteger requests = new AtomicInteger();
  URI base;

  static Path shared(String file) {
    String rel = SHARED.get(file);
    return SharedTraces.resolve(rel != null ? rel : "weka_claude_code/" + file);
  }

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    // /<mode>/<trace>/<file>: ok serves the copy; corrupt flips a byte; drop sends half and hangs up;
    // 404 and 500 answer with that status; weka-404 fails only trace_0010.json.
    server.createContext("/", this::handle);
    server.start();
    base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void handle(HttpExchange x) throws IOException {
    requests.incrementAndGet();
    String[] parts = x.getRequestURI().getPath().split("/");
    String mode = parts[1];
    String file = parts[parts.length - 1];
    if (mode.equals("404") || mode.equals("500") || mode.equals("weka-404") && file.equals("trace_0010.json")) {
      x.sendResponseHeaders(mode.equals("500") ? 500 : 404, -1);
      x.close();
      return;
    }
    byte[] body = Files.readAllBytes(shared(file));
    if (mode.equals("corrupt")) {
      body[body.length / 2] ^= 1;
    }
    x.sendResponseHeaders(200, body.length);
    try (OutputStream out = x.getResponseBody()) {
      if (mode.equals("drop")) {
        out.write(body, 0, body.length / 2);
        out.flush();
        throw new IOException("simulated hang-up"); // closes the connection mid-body
      }
      out.write(body);
    }
  }

  Fetcher fetcher(String mode, Fetcher.Sink sink) {
    return new Fetcher(Fetcher.defaultClient(), base.resolve(mode + "/"), false, Fetcher.Progress.NONE, sink,
        Duration.ofSeconds(30));
  }

  List<Path> leftovers() throws IOException {
    try (Stream<Path> s = Files.walk(tmp)) {
      return s.filter(p -> !p.equals(tmp)).toList();
    }
  }

  @Test
  void fetch_verifiesConvertsAndCites_andASecondFetchReusesTheIntactFile() throws IOException {
    PublicTrace t = PublicTraces.byName("mooncake-conversation");
    Fetcher.Result r = fetcher("ok", Fetcher.Sink.FILES).fetch(t, tmp);
    assertEquals(12_031, r.records());
    assertEquals(tmp.resolve("mooncake-conversation.parquet"), r.parquet());
    assertEquals(t.files().get(0).sha256(), Fetcher.sha256(r.files().get(0)));
    try (TraceReader in = TraceSources.open(r.parquet(), ReadOptions.DEFAULTS)) {
      assertEquals(12_031, in.drain());
    }
    int before = requests.get();
    fetcher("ok", Fetcher.Sink.FILES).fetch(t, tmp);
    assertEquals(before, requests.get(), "the verified file already there is not downloaded again");
  }

  @Test
  void multiFileTrace_allFilesConvertToOne() {
    Fetcher.Result r = fetcher("ok", Fetcher.Sink.FILES).fetch(PublicTraces.byName("weka-claude-code"), tmp);
    assertEquals(42, r.files().size());
    assertEquals(3_256, r.records());
  }

  @Test
  void checksumMismatch_isAnError_andLeavesNothing() throws IOException {
    FetchException e = assertThrows(FetchException.class,
        () -> fetcher("corrupt", Fetcher.Sink.FILES).fetch(PublicTraces.byName("mooncake-conversation"), tmp));
    assertTrue(e.getMessage().startsWith("checksum mismatch for conversation_trace.jsonl from http://127.0.0.1:"),
        e.getMessage());
    assertEquals(List.of(), leftovers());
  }

  @Test
  void http404And500_areErrors_andLeaveNothing() throws IOException {
    for (String status : new String[] {"404", "500"}) {
      FetchException e = assertThrows(FetchException.class,
          () -> fetcher(status, Fetcher.Sink.FILES).fetch(PublicTraces.byName("azure-llm-2023-code"), tmp));
      assertTrue(e.getMessage().startsWith("HTTP " + status + " for AzureLLMInferenceTrace_code.csv from "),
          e.getMessage());
      assertEquals(List.of(), leftovers());
    }
  }

  @Test
  void oneFailingFileOfMany_removesTheOnesAlreadyDownloaded() throws IOException {
    FetchException e = assertThrows(FetchException.class,
        () -> fetcher("weka-404", Fetcher.Sink.FILES).fetch(PublicTraces.byName("weka-claude-code"), tmp));
    assertTrue(e.getMessage().contains("HTTP 404 for trace_0010.json"), e.getMessage());
    assertEquals(List.of(), leftovers());
  }

  @Test
  void connectionDroppedMidBody_isAnError_andLeavesNothing() throws IOException {
    FetchException e = assertThrows(FetchException.class,
        () -> fetcher("drop", Fetcher.Sink.FILES).fetch(PublicTraces.byName("mooncake-conversation"), tmp));
    assertTrue(e.getMessage().startsWith("connection dropped while fetching conversation_trace.jsonl"), e.getMessage());
    assertEquals(List.of(), leftovers());
  }

  @Test
  void diskFull_isAnError_andLeavesNothing() throws IOException {
    // A sink that fills after 1 MiB, as a full disk would.
    Fetcher.Sink full = p -> new FilterOutputStream(Files.newOutputStream(p)) {
      long written;

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        if ((written += len) > (1 << 20)) {
          throw new IOException("No space left on device");
        }
        out.write(b, off, len);
      }
    };
    FetchException e = assertThrows(FetchException.class,
        () -> fetcher("ok", full).fetch(PublicTraces.byName("mooncake-conversation"), tmp));
    assertEquals("cannot write " + tmp.resolve("mooncake-conversation/conversation_trace.jsonl")
        + ": No space left on device", e.getMessage());
    assertEquals(List.of(), leftovers());
  }

  @Test
  void traceWithoutRecordedChecksums_isRefusedUnlessAllowed_beforeAnyDownload() {
    FetchException e = assertThrows(FetchException.class,
        () -> fetcher("ok", Fetcher.Sink.FILES).fetch(PublicTraces.byName("mooncake-toolagent"), tmp));
    assertTrue(e.getMessage().contains("--allow-unverified"), e.getMessage());
    assertEquals(0, requests.get());
  }

  @Test
  void catalog_everyFormatIsReadable_andRecordedChecksumsMatchTheSharedCopies() throws IOException {
    for (PublicTrace t : PublicTraces.all()) {
      assertTrue(TraceFormat.byName(t.format()).isPresent(), t.name());
      assertTrue(!t.citation().isBlank() && !t.licence().isBlank() && !t.files().isEmpty(), t.name());
      for (PublicTrace.File f : t.files()) {
        Path copy = shared(f.name());
        if (f.sha256() != null && Files.isRegularFile(copy)) {
          assertEquals(f.sha256(), Fetcher.sha256(copy), f.name());
          assertEquals(f.bytes(), Files.size(copy), f.name());
        }
      }
    }
  }
}
