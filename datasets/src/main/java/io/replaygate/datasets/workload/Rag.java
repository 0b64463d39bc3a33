package io.replaygate.datasets.workload;

import io.replaygate.datasets.Param;
import io.replaygate.datasets.ParamValues;
import io.replaygate.datasets.gen.GenContext;
import io.replaygate.datasets.gen.GeneratedSession;
import io.replaygate.datasets.gen.Lane;
import io.replaygate.datasets.gen.PromptChain;
import io.replaygate.datasets.gen.Ranked;
import io.replaygate.datasets.gen.Sampling;
import io.replaygate.datasets.gen.SessionModel;
import io.replaygate.trace.TraceRecord;
import java.util.List;
import org.apache.commons.rng.sampling.distribution.ContinuousSampler;

/**
 * Retrieval-augmented generation: each question carries the path's shared system prompt, then
 * {@code docs_per_query} distinct documents retrieved from a corpus with Zipf popularity (so popular
 * documents recur across users), then the question. A document is the same content, of the same length,
 * wherever it appears (its segment id and length depend on its id only); it is placed in retrieval order,
 * so two prompts share a prefix when they retrieved the same leading documents — what a prefix cache can
 * actually reuse. A follow-up keeps the documents and adds the answer and a new question.
 */
public final class Rag extends BaseWorkload {
  public static final String NAME = "rag";
  static final Lane DEFAULT_LANE = new Lane("rag/gemini-2.5-flash", "gemini-2.5-flash", "gemini", 1_048_576);
  private static final Param.Source RAG_PRACTICE = Param.assumption("typical RAG chunking (a few 512-token chunks); no public RAG trace with prefix ids");

  private static final List<Param> PARAMS = CommonParams.with(DEFAULT_LANE, "a common managed model for RAG", List.of(
      Param.integer("system_prompt_tokens", 800, 0, 1_000_000, "tokens", "instructions shared by every question", RAG_PRACTICE),
      Param.integer("corpus_documents", 100_000, 1, 1_000_000_000, "documents", "documents retrieval draws from", RAG_PRACTICE),
      Param.real("document_zipf", 1.0, 0, 10, "", "Zipf exponent of document popularity",
          Param.published("skewed (Zipf-like) document access reported by RAGCache (Jin et al., 2024)")),
      Param.integer("docs_per_query", 4, 1, 100, "documents", "documents placed in each prompt", RAG_PRACTICE),
      Param.real("document_median", 600, 1, 1e6, "tokens", "document (chunk) length: median", RAG_PRACTICE),
      Param.real("document_sigma", 0.5, 0, 5, "", "document length: σ of the log", RAG_PRACTICE),
      Param.real("question_median", 60, 1, 1e6, "tokens", "question length: median", RAG_PRACTICE),
      Param.real("question_sigma", 0.8, 0, 5, "", "question length: σ of the log", RAG_PRACTICE),
      Param.real("mean_turns", 1.3, 1, 1e4, "requests", "questions per session (geometric mean)", RAG_PRACTICE),
      Param.real("output_median", 300, 1, 1e6, "tokens", "answer length: median", RAG_PRACTICE),
      Param.real("output_sigma", 0.7, 0, 5, "", "answer length: σ of the log", RAG_PRACTICE),
      Param.real("think_median_s", 30, 0.001, 1e6, "s", "time between follow-ups: median", RAG_PRACTICE)));

  public Rag() {
    super(NAME, "retrieval-augmented questions: shared instructions + Zipf-popular documents from a corpus + a question", 2.0, 0.5, PARAMS);
  }

  @Override
  public SessionModel model(ParamValues v, GenContext ctx) {
    Lane lane = CommonParams.lane(v);
    PromptChain prefix = ctx.chain().append(PromptChain.sharedSegment(lane.modelPath() + "#system"),
        Math.min(v.integer("system_prompt_tokens"), lane.maxContextTokens() / 2));
    long corpus = PromptChain.sharedSegment(lane.modelPath() + "#corpus");
    int corpusSize = v.integer("corpus_documents");
    Ranked docs = new Ranked(ctx.rng(), corpusSize, v.real("document_zipf"));
    int perQuery = Math.min(v.integer("docs_per_query"), corpusSize);
    double docMedian = v.real("document_median");
    double docSigma = v.real("document_sigma");
    ContinuousSampler question = Sampling.logNormal(ctx.rng(), v.real("question_median"), v.real("question_sigma"));
    ContinuousSampler output = Sampling.logNormal(ctx.rng(), v.real("output_median"), v.real("output_sigma"));
    ContinuousSampler think = Sampling.logNormal(ctx.rng(), v.real("think_median_s"), 1.0);
    double meanTurns = v.real("mean_turns");
    int maxOutput = lane.maxOutputTokens();
    int maxInput = lane.maxInputTokens();
    return (startUs, order, tenant) -> {
      PromptChain context = prefix.copy();
      int[] picked = new int[perQuery];
      for (int i = 0; i < perQuery; i++) {
        int d;
        do {
          d = docs.pick();
        } while (contains(picked, i, d));
        picked[i] = d;
        context.append(PromptChain.mix(corpus, d, 0), Math.min(documentTokens(corpus, d, docMedian, docSigma),
            Math.max(0, maxInput - context.tokens())));
      }
      context.append(ctx.unique(order, 0), Sampling.tokens(question, 1, Math.max(1, maxInput - context.tokens())));
      int turns = Sampling.geometric(ctx.rng(), meanTurns, 10_000);
      return new GeneratedSession(order, startUs) {
        private int turn;

        @Override
        public TraceRecord next() {
          int out = Sampling.tokens(output, 1, maxOutput);
          TraceRecord r = lane.request(nextArrivalUs, "q" + order + "-" + turn, tenant, "q" + order, context.tokens(), out,
              context.hashes(), "interactive");
          turn++;
          int q = Sampling.tokens(question, 1, Integer.MAX_VALUE);
          if (turn < turns && (long) context.tokens() + out + q <= maxInput) {
            context.append(ctx.unique(order, 2L * turn - 1), out).append(ctx.unique(order, 2L * turn), q);
            nextArrivalUs += Sampling.micros(think.sample());
          } else {
            turn = Integer.MAX_VALUE;
          }
          return r;
        }

        @Override
        public boolean hasMore() {
          return turn < turns;
        }
      };
    };
  }

  private static boolean contains(int[] a, int n, int v) {
    for (int i = 0; i < n; i++) {
      if (a[i] == v) {
        return true;
      }
    }
    return false;
  }

  /** A document's length: a log-normal draw fixed by its id (the same document is always as long). */
  static int documentTokens(long corpus, int doc, double median, double sigma) {
    long h = PromptChain.mix(corpus, doc, 1);
    double u1 = ((h >>> 11) + 0.5) / (1L << 53);
    double u2 = ((PromptChain.mix(h, 2, 3) >>> 11) + 0.5) / (1L << 53);
    double z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    return (int) Math.max(1, Math.min(1_000_000, Math.rint(median * Math.exp(sigma * z))));
  }
}
