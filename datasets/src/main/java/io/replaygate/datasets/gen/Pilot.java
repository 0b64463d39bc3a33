package io.replaygate.datasets.gen;

import java.util.ArrayDeque;

/**
 * A session model's mean requests per session, which the generator divides {@code --rate} by to get the
 * session start rate. Models with heavy-tailed session lengths state it analytically (coding agent,
 * batch); for the others it is estimated by running {@value #SESSIONS} sessions of a <em>dry</em> model
 * (token counts only) to completion — relative standard error {@code CV / √20000}, 0.4% for chat
 * (geometric turns, CV ≈ 0.6). A test holds each analytic mean to its pilot estimate.
 */
public final class Pilot {
  public static final int SESSIONS = 20_000;

  private Pilot() {
  }

  /**
   * The model's own (analytic) mean when it states one, else the pilot's estimate over {@value #SESSIONS}
   * sessions of the dry model.
   */
  public static double meanRequests(SessionModel dryModel) {
    double stated = dryModel.meanRequestsPerSession();
    return Double.isNaN(stated) ? meanRequests(dryModel, SESSIONS) : stated;
  }

  public static double meanRequests(SessionModel dryModel, int sessions) {
    long requests = 0;
    ArrayDeque<GeneratedSession> pending = new ArrayDeque<>();
    for (int i = 0; i < sessions; i++) {
      pending.add(dryModel.start(0, i, "pilot"));
      while (!pending.isEmpty()) {
        GeneratedSession s = pending.poll();
        while (true) {
          s.next();
          requests++;
          pending.addAll(s.drainSpawned());
          if (!s.hasMore()) {
            break;
          }
        }
      }
    }
    return (double) requests / sessions;
  }
}
