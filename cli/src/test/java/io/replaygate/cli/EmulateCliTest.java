package io.replaygate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code replaygate emulate --cluster FILE} as a user runs it: a child process serving a scenario's deployment. */
class EmulateCliTest {
  @Test
  void emulate_servesTheScenariosDeployment_untilSignalled() throws Exception {
    List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-opens=java.base/java.nio=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
        "io.replaygate.cli.Main", "emulate", "--cluster", "../examples/byoc-cluster.yaml", "--port", "0",
        "--model", "served-70b", "--time-scale", "0.01");
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      // The scenario's first deployment: a reactive fleet of at most 12 behind Dynamo's KV router.
      assertTrue(line != null && line.startsWith("emulating served-70b (12 replicas behind dynamo_kv, each "
          + "H100-SXM-80GB x 4"), line);
      Matcher m = Pattern.compile("on (http://127\\.0\\.0\\.1:\\d+)/v1").matcher(line);
      assertTrue(m.find(), line);
      HttpResponse<String> models = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(m.group(1)
          + "/v1/models")).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, models.statusCode());
      assertTrue(models.body().contains("\"id\":\"served-70b\""), models.body());
    } finally {
      p.destroy(); // SIGTERM: the server stops
      assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
    }
  }
}
