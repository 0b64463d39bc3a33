package io.replaygate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.replaygate.datasets.publics.PublicTrace;
import io.replaygate.datasets.publics.PublicTraces;
import io.replaygate.trace.SharedTraces;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/** {@code replaygate datasets} through the command line, fetching from a loopback mirror of ../shared/traces. */
@EnabledIf("io.replaygate.trace.SharedTraces#present")
class DatasetsCliTest {
  @TempDir
  Path tmp;
  HttpServer server;
  String mirror;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", x -> {
      Path file = SharedTraces.resolve("azure_llm_2023").resolve(Path.of(x.getRequestURI().getPath()).getFileName());
      if (!x.getRequestURI().getPath().startsWith("/azure-llm-2023-") || !Files.isRegularFile(file)) {
        x.sendResponseHeaders(404, -1);
        x.close();
        return;
      }
      byte[] body = Files.readAllBytes(file);
      x.sendResponseHeaders(200, body.length);
      try (OutputStream out = x.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    mirror = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void list_showsEveryTraceWithLicenceSizeAndBlocks_andTheBundledSamples() {
    CliTest.Result r = CliTest.run("datasets", "list");
    assertEquals(0, r.code(), r.err());
    for (PublicTrace t : PublicTraces.all()) {
      assertTrue(r.out().contains(t.name() + " ") && r.out().contains("licence: " + t.licence()), t.name());
    }
    assertTrue(r.out().contains("sample:default") && r.out().contains("sample:coding-agent"), r.out());
  }

  @Test
  void info_printsTheCitation() {
    CliTest.Result r = CliTest.run("datasets", "info", "azure-llm-2023-code");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("Splitwise: Efficient Generative LLM Inference Using Phase Splitting"), r.out());
    assertTrue(r.out().contains("CC-BY-4.0"), r.out());
  }

  @Test
  void fetch_fromAMirror_convertsAndPrintsTheAttribution() {
    CliTest.Result r = CliTest.run("datasets", "fetch", "azure-llm-2023-conv", tmp.toString(), "--mirror", mirror);
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("wrote 19,366 records to " + tmp.resolve("azure-llm-2023-conv.parquet")), r.out());
    assertTrue(r.out().contains("azure-llm-2023-conv is CC-BY-4.0. Cite as:"), r.out());
    assertTrue(Files.isRegularFile(tmp.resolve("azure-llm-2023-conv/AzureLLMInferenceTrace_conv.csv")));
    CliTest.Result i = CliTest.run("inspect", tmp.resolve("azure-llm-2023-conv.parquet").toString());
    assertTrue(i.out().contains("records        19,366"), i.out());
  }

  @Test
  void fetch_failures_exit2_withOneLine_andLeaveNothing() throws IOException {
    CliTest.Result r = CliTest.run("datasets", "fetch", "mooncake-conversation", tmp.toString(), "--mirror", mirror);
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().startsWith("replaygate: HTTP 404 for conversation_trace.jsonl from " + mirror), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    r = CliTest.run("datasets", "fetch", "bailian-qwen", tmp.toString(), "--mirror", mirror);
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--allow-unverified"), r.err());
    r = CliTest.run("datasets", "fetch", "azure-llm-2023-conv", tmp.toString(), "--mirror", "ftp://example");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--mirror: expected an http(s) URL"), r.err());
    r = CliTest.run("datasets", "info", "nope");
    assertEquals(2, r.code());
    assertFalse(r.err().contains("\tat "));
    try (Stream<Path> s = Files.list(tmp)) {
      assertEquals(List.of(), s.toList());
    }
  }
}
