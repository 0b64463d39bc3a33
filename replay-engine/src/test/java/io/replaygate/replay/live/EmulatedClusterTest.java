package io.replaygate.replay.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.replaygate.replay.byoc.route.Router;
import io.replaygate.replay.byoc.route.Routers;
import io.replaygate.replay.byoc.step.StepTimeModel;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

/** Several emulated replicas behind the project's routers: the routers read them as they read the simulator's. */
class EmulatedClusterTest {
  private static final StepTimeModel FAST = (p, a, d, c) -> 0.0002;

  private static EmulatedCluster cluster(int n, Routers router) {
    List<EmulatedReplica> replicas = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      replicas.add(new EmulatedReplica(i, FAST, 16, 10_000, 64, 1.0));
    }
    Router r = router.create(Routers.Config.DYNAMO.with(router), RandomSource.XO_RO_SHI_RO_128_PP.create(1L));
    return new EmulatedCluster(replicas, r, 1.0);
  }

  private static long[] blocks(long... h) {
    return h;
  }

  /** A conversation's second turn goes where its first left its prefix: Dynamo's router reads the caches. */
  @Test
  void dynamoKv_sendsTheNextTurnToTheReplicaHoldingItsPrefix_roundRobinDoesNot() throws Exception {
    long[] turn1 = blocks(11, 12, 13, 14);
    long[] turn2 = blocks(11, 12, 13, 14, 15, 16);
    for (Routers r : List.of(Routers.DYNAMO_KV, Routers.ROUND_ROBIN)) {
      EmulatedCluster c = cluster(3, r);
      c.serve(64, turn1, 2, (i, cached, written) -> true);
      EmulatedReplica.Served second = c.serve(96, turn2, 2, (i, cached, written) -> true);
      assertEquals(r == Routers.DYNAMO_KV ? 64 : 0, second.cachedTokens(), r.wireName());
      assertEquals(r == Routers.DYNAMO_KV ? 64 : 0, c.hitTokens(), r.wireName());
    }
  }

  /**
   * A request is counted as queued on its replica before the next one is routed: three long prompts arriving together
   * spread over three replicas (each sees the others' pending prefill), not all on the first.
   */
  @Test
  void dynamoKv_concurrentArrivals_seeEachOthersPlacement() {
    EmulatedCluster c = cluster(3, Routers.DYNAMO_KV);
    List<Integer> chosen = new ArrayList<>();
    for (int k = 0; k < 3; k++) {
      chosen.add(c.route(4096, blocks(100L * k + 1, 100L * k + 2), 8).id());
    }
    assertEquals(List.of(0, 1, 2), chosen);
    assertEquals(3, c.waiting(), "admitted, not yet served");
    assertEquals(4096, c.replicas().get(1).pendingPrefillTokens());
  }

  /** Least outstanding reads the replicas' queues as the emulator keeps them. */
  @Test
  void leastOutstanding_balancesAdmittedRequests() {
    EmulatedCluster c = cluster(2, Routers.LEAST_OUTSTANDING);
    List<Integer> chosen = new ArrayList<>();
    for (int k = 0; k < 4; k++) {
      chosen.add(c.route(16, blocks(k + 1), 1).id());
    }
    assertEquals(List.of(0, 1, 0, 1), chosen);
  }

  /**
   * End to end through the OpenAI SDK: two replicas behind Dynamo's router; the repeat of a long system prompt is
   * routed to the replica that cached it, and {@code /metrics} sums the replicas.
   */
  @Test
  void emulator_ofACluster_servesTheRepeatFromTheReplicaHoldingItsPrefix() throws Exception {
    EmulatedCluster c = cluster(2, Routers.DYNAMO_KV);
    try (Emulator emu = new Emulator("llama-3.1-70b", c, Emulator.Faults.NONE, 1L, 0, null)) {
      OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(emu.baseUrl() + "/v1").apiKey("k").maxRetries(0)
          .build();
      try {
        String system = "You are a careful reviewer. ".repeat(40);
        long cached = 0;
        for (String q : List.of("first question", "second question", "third question")) {
          ChatCompletion r = client.chat().completions().create(ChatCompletionCreateParams.builder()
              .model("llama-3.1-70b").addSystemMessage(system).addUserMessage(q).maxCompletionTokens(3).build())
              .validate();
          cached = r.usage().orElseThrow().promptTokensDetails().orElseThrow().cachedTokens().orElseThrow();
        }
        assertTrue(cached > 0, "the third turn reads the system prompt's blocks");
        long served0 = c.replicas().get(0).succeeded.get();
        long served1 = c.replicas().get(1).succeeded.get();
        assertEquals(3, served0 + served1);
        assertTrue(served0 == 3 || served1 == 3, "every turn on the replica holding the prefix: " + served0 + "/"
            + served1);
        java.net.http.HttpResponse<String> m = java.net.http.HttpClient.newHttpClient().send(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create(emu.baseUrl() + "/metrics")).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
        assertTrue(m.body().contains("vllm:request_success_total{model_name=\"llama-3.1-70b\"} 3.0"), m.body());
      } finally {
        client.close();
      }
    }
  }
}
