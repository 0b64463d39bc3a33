package io.replaygate.replay.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The clusters a live path may drive — the seeds' "register, heartbeat, active" — in the workspace's DuckDB
 * database (table {@code clusters}). A cluster is <em>active</em> only while its last successful heartbeat is more
 * recent than {@link #ACTIVE_WITHIN_TEXT} (configurable per call); {@code live:NAME} refuses one that is not, saying
 * why and since when. A heartbeat probes {@code GET /health} and {@code GET /v1/models} and records the round
 * trip, the models served, and whether the registered model is among them. API keys are never stored: only the
 * name of the environment variable that holds one.
 */
public final class ClusterRegistry implements AutoCloseable {
  /** How recent the last good heartbeat must be for a cluster to be active [5 minutes], as an option writes it. */
  public static final String ACTIVE_WITHIN_TEXT = "5m";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A registered cluster and its last heartbeat. */
  public record Cluster(String name, String profile, URI endpoint, String model, String gpu, int gpus,
      String apiKeyEnv, boolean allowInsecureHttp, Instant registeredAt, Instant lastHeartbeatAt, Instant lastOkAt,
      Double lastLatencyMs, String lastModels, String lastError, String api, String pricedAs, String clusterTerms) {

    /** Whether the last good heartbeat is within {@code window} of {@code now}. */
    public boolean active(Instant now, Duration window) {
      return lastOkAt != null && !lastOkAt.isBefore(now.minus(window));
    }

    /** Why it is not active, in one sentence; null when it is. */
    public String inactiveReason(Instant now, Duration window) {
      if (active(now, window)) {
        return null;
      }
      if (lastHeartbeatAt == null) {
        return "cluster '" + name + "' has never answered a heartbeat (registered " + registeredAt
            + "): run replaygate clusters heartbeat " + name;
      }
      return "cluster '" + name + "' is not active: its last good heartbeat was " + (lastOkAt == null ? "never"
          : lastOkAt.toString()) + (lastError == null ? "" : " (last heartbeat " + lastHeartbeatAt + ": " + lastError
          + ")") + "; active means a good heartbeat within " + describe(window);
    }

    private static String describe(Duration d) {
      long ms = d.toMillis();
      return ms % 60_000 == 0 ? ms / 60_000 + " min" : ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
    }

    public LiveTarget target() {
      return new LiveTarget(name, endpoint, model, apiKeyEnv, allowInsecureHttp, api, pricedAs);
    }
  }

  private final Connection db;

  public ClusterRegistry(Path file) {
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      this.db = DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath());
      try (var s = db.createStatement()) {
        s.execute("CREATE TABLE IF NOT EXISTS clusters (name VARCHAR PRIMARY KEY, profile VARCHAR NOT NULL, "
            + "endpoint VARCHAR NOT NULL, model VARCHAR NOT NULL, gpu VARCHAR, gpus INTEGER, api_key_env VARCHAR, "
            + "allow_insecure_http BOOLEAN NOT NULL, registered_at TIMESTAMP NOT NULL, last_heartbeat_at TIMESTAMP, "
            + "last_ok_at TIMESTAMP, last_latency_ms DOUBLE, last_models VARCHAR, last_error VARCHAR)");
        s.execute("ALTER TABLE clusters ADD COLUMN IF NOT EXISTS api VARCHAR DEFAULT 'openai'");
        s.execute("ALTER TABLE clusters ADD COLUMN IF NOT EXISTS priced_as VARCHAR");
        s.execute("ALTER TABLE clusters ADD COLUMN IF NOT EXISTS cluster_terms VARCHAR");
      }
    } catch (IOException | SQLException e) {
      throw new IllegalStateException(file + ": the workspace database cannot be opened (" + e.getClass().getSimpleName()
          + ")", e);
    }
  }

  /** Registers a self-hosted OpenAI-compatible cluster. */
  public Cluster register(String name, String profile, URI endpoint, String model, String gpu, int gpus,
      String apiKeyEnv, boolean allowInsecureHttp, Instant now) {
    return register(name, profile, endpoint, model, gpu, gpus, apiKeyEnv, allowInsecureHttp, "openai", null, now);
  }

  /**
   * Registers an endpoint; it is checked as a {@link LiveTarget} is. {@code pricedAs} (a price catalog target) makes
   * it a managed probe, which spends real money and needs a spend cap; its profile is then {@code managed}.
   */
  public Cluster register(String name, String profile, URI endpoint, String model, String gpu, int gpus,
      String apiKeyEnv, boolean allowInsecureHttp, String api, String pricedAs, Instant now) {
    return register(name, profile, endpoint, model, gpu, gpus, apiKeyEnv, allowInsecureHttp, api, pricedAs, null, now);
  }

  /**
   * As above, with the cluster's own terms: {@code clusterTerms} is the YAML a scenario's {@code cluster_terms:} takes
   * (checked by the caller), kept as written so the workspace needs no other file.
   */
  public Cluster register(String name, String profile, URI endpoint, String model, String gpu, int gpus,
      String apiKeyEnv, boolean allowInsecureHttp, String api, String pricedAs, String clusterTerms, Instant now) {
    if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
      throw new IllegalArgumentException("cluster name '" + name + "': letters, digits, '.', '_' and '-', at most 64");
    }
    if (!profile.equals("byoc_dynamo") && !profile.equals("byoc_epp") && !(profile.equals("managed")
        && pricedAs != null)) {
      throw new IllegalArgumentException("--profile: byoc_dynamo or byoc_epp (managed, for a provider's API, with "
          + "--priced-as), got '" + profile + "'");
    }
    if (apiKeyEnv != null && !apiKeyEnv.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException("--api-key-env takes the name of an environment variable, not a key");
    }
    new LiveTarget(name, endpoint, model, apiKeyEnv, allowInsecureHttp, api, pricedAs);
    if (find(name).isPresent()) {
      throw new IllegalArgumentException("cluster '" + name + "' is already registered (clusters remove " + name
          + " first)");
    }
    try (PreparedStatement p = db.prepareStatement("INSERT INTO clusters (name, profile, endpoint, model, gpu, gpus, "
        + "api_key_env, allow_insecure_http, registered_at, api, priced_as, cluster_terms) "
        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      p.setString(1, name);
      p.setString(2, profile);
      p.setString(3, endpoint.toString());
      p.setString(4, model);
      p.setString(5, gpu);
      p.setInt(6, gpus);
      p.setString(7, apiKeyEnv);
      p.setBoolean(8, allowInsecureHttp);
      p.setTimestamp(9, Timestamp.from(now));
      p.setString(10, api);
      p.setString(11, pricedAs);
      p.setString(12, clusterTerms);
      p.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("the cluster cannot be stored (" + e.getClass().getSimpleName() + ")", e);
    }
    return find(name).orElseThrow();
  }

  public Optional<Cluster> find(String name) {
    List<Cluster> c = query("WHERE name = ?", name);
    return c.isEmpty() ? Optional.empty() : Optional.of(c.get(0));
  }

  public List<Cluster> list() {
    return query("ORDER BY name", null);
  }

  public boolean remove(String name) {
    try (PreparedStatement p = db.prepareStatement("DELETE FROM clusters WHERE name = ?")) {
      p.setString(1, name);
      return p.executeUpdate() > 0;
    } catch (SQLException e) {
      throw new IllegalStateException("the cluster cannot be removed (" + e.getClass().getSimpleName() + ")", e);
    }
  }

  /**
   * Probes a cluster now: {@code /health} must answer 2xx and {@code /v1/models} list the registered model. Records
   * the result (ok or the reason) and returns the cluster as updated.
   */
  public Cluster heartbeat(String name, Duration timeout, Instant now) {
    Cluster c = find(name).orElseThrow(() -> new IllegalArgumentException("no cluster named '" + name + "'"));
    HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
    String base = c.endpoint().toString().replaceAll("/+$", "");
    String error = null;
    String models = null;
    Double latency = null;
    try {
      LiveTarget target = c.target();
      long t0 = System.nanoTime();
      // A provider's API (Anthropic's, Google's) has no /health: its model listing is the probe.
      HttpResponse<String> health = target.providerApi() ? null
          : http.send(get(base + "/health", target, timeout), HttpResponse.BodyHandlers.ofString());
      latency = (System.nanoTime() - t0) / 1e6;
      if (health != null && health.statusCode() / 100 != 2) {
        error = "GET /health answered " + health.statusCode();
      } else {
        long t1 = System.nanoTime();
        boolean google = target.api().equals("gemini");
        HttpResponse<String> list = http.send(get(base + (google ? "/v1beta/models" : "/v1/models"), target, timeout),
            HttpResponse.BodyHandlers.ofString());
        if (health == null) {
          latency = (System.nanoTime() - t1) / 1e6;
        }
        List<String> ids = new ArrayList<>();
        if (list.statusCode() / 100 == 2) {
          JsonNode listing = JSON.readTree(list.body());
          for (JsonNode m : listing.path(google ? "models" : "data")) {
            ids.add(google ? m.path("name").asText().replaceFirst("^models/", "") : m.path("id").asText());
          }
        }
        models = String.join(",", ids);
        if (list.statusCode() / 100 != 2) {
          error = "GET /v1/models answered " + list.statusCode();
        } else if (!ids.contains(c.model())) {
          error = "the server does not serve model '" + c.model() + "' (it serves: " + models + ")";
        }
      }
    } catch (IOException e) {
      error = "unreachable (" + e.getClass().getSimpleName() + ")";
    } catch (IllegalStateException e) {
      error = e.getMessage(); // the key's variable is not set: named, never the key
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      error = "interrupted";
    }
    try (PreparedStatement p = db.prepareStatement("UPDATE clusters SET last_heartbeat_at = ?, last_ok_at = CASE WHEN ? "
        + "THEN ? ELSE last_ok_at END, last_latency_ms = ?, last_models = ?, last_error = ? WHERE name = ?")) {
      p.setTimestamp(1, Timestamp.from(now));
      p.setBoolean(2, error == null);
      p.setTimestamp(3, Timestamp.from(now));
      if (latency == null) {
        p.setNull(4, java.sql.Types.DOUBLE);
      } else {
        p.setDouble(4, latency);
      }
      p.setString(5, models);
      p.setString(6, error);
      p.setString(7, name);
      p.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("the heartbeat cannot be stored (" + e.getClass().getSimpleName() + ")", e);
    }
    return find(name).orElseThrow();
  }

  private static HttpRequest get(String url, LiveTarget target, Duration timeout) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET();
    LiveClient.authorize(b, target);
    return b.build();
  }

  private List<Cluster> query(String where, String arg) {
    List<Cluster> out = new ArrayList<>();
    try (PreparedStatement p = db.prepareStatement("SELECT name, profile, endpoint, model, gpu, gpus, api_key_env, "
        + "allow_insecure_http, registered_at, last_heartbeat_at, last_ok_at, last_latency_ms, last_models, last_error, "
        + "api, priced_as, cluster_terms FROM clusters " + where)) {
      if (arg != null) {
        p.setString(1, arg);
      }
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          out.add(new Cluster(r.getString(1), r.getString(2), URI.create(r.getString(3)), r.getString(4),
              r.getString(5), r.getInt(6), r.getString(7), r.getBoolean(8), instant(r.getTimestamp(9)),
              instant(r.getTimestamp(10)), instant(r.getTimestamp(11)), (Double) r.getObject(12), r.getString(13),
              r.getString(14), r.getString(15), r.getString(16), r.getString(17)));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("the clusters cannot be read (" + e.getClass().getSimpleName() + ")", e);
    }
    return out;
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }

  @Override
  public void close() {
    try {
      db.close();
    } catch (SQLException e) {
      // closing: nothing to keep
    }
  }
}
