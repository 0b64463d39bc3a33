package io.replaygate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import io.replaygate.trace.SharedTraces;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * {@code report.html} in a real browser: Debian's chromium, headless, driven by Selenium (bin/test installs
 * chromium and chromium-driver from the OS packages when missing). For the default run and a run of the real
 * Mooncake hour: every chart is present, drawn and described; every link and reference resolves; nothing is
 * logged to the console; axe-core (from Deque's jar, never a CDN) finds no serious or critical violation; the
 * page fits a 390 px phone without sideways scrolling of the page; screenshots at 1280 px and 390 px are not
 * blank, and are saved under {@code target/report-screens/} for a person to look at.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportBrowserTest {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final List<String> CHARTS = List.of("chart-cost-items", "chart-cost-time", "chart-savings", "chart-break-even",
      "chart-tornado", "chart-hit-curve", "chart-tiers", "chart-ttft", "chart-tpot", "chart-utilisation",
      "chart-replicas", "chart-fallback", "chart-concentration");

  Path work;
  ChromeDriver driver;

  @BeforeAll
  void startBrowser() throws IOException {
    boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    if (!present && "true".equals(System.getenv("CI"))) {
      throw new AssertionError("CI: chromium and chromium-driver must be installed (bin/test installs them)");
    }
    Assumptions.assumeTrue(present, "chromium and chromium-driver are not installed: the browser test is skipped");
    work = Files.createTempDirectory("replaygate-browser-");
    ChromeOptions o = new ChromeOptions();
    o.setBinary(CHROMIUM.toFile());
    o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--no-first-run", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
        "--user-data-dir=" + work.resolve("profile"), "--window-size=1280,900", "--hide-scrollbars");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    o.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort().build();
    driver = new ChromeDriver(service, o);
  }

  @AfterAll
  void stopBrowser() throws IOException {
    if (driver != null) {
      driver.quit();
    }
    if (work != null) {
      io.replaygate.trace.InFlight.discard(work);
    }
  }

  /** Runs {@code replaygate run} on the bundled default or the Mooncake hour and returns its run directory. */
  Path run(String which) {
    Path out = work.resolve(which);
    List<String> args = new ArrayList<>(List.of("run"));
    if (which.equals("mooncake")) {
      Assumptions.assumeTrue(SharedTraces.present(), "../shared/traces is not beside the checkout");
      args.addAll(List.of(SharedTraces.resolve("mooncake/conversation_trace.jsonl").toString(), "--anchor",
          "2026-03-02T09:00:00Z"));
    }
    args.addAll(List.of("--out", out.toString(), "--no-history", "--price-date", "2026-07-24", "--quiet"));
    CliTest.Result r = CliTest.run(args.toArray(String[]::new));
    assertEquals(0, r.code(), r.err());
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"default", "mooncake"})
  void report_rendersEveryChart_accessibly_atDesktopAndPhoneWidths(String which) throws Exception {
    Path dir = run(which);
    Path html = dir.resolve("report.html");
    assertTrue(Files.size(html) < 2_000_000, "under 2 MB: " + Files.size(html));
    driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", java.util.Map.of());
    driver.manage().window().setSize(new Dimension(1280, 900));
    driver.get(html.toUri().toString());
    JavascriptExecutor js = driver;

    // Every chart: present, drawn (an SVG with a non-empty box and paths), titled and described; or, where the
    // run has no data for it, a visible sentence saying why.
    for (String id : CHARTS) {
      WebElement e = driver.findElement(By.id(id));
      if (e.getTagName().equals("svg")) {
        assertEquals("img", e.getAttribute("role"), id);
        assertTrue(e.getSize().getWidth() > 300 && e.getSize().getHeight() > 100, id + " box " + e.getSize());
        assertTrue(e.findElements(By.cssSelector("path")).size() > 3, id + " draws nothing");
        String title = (String) js.executeScript("return arguments[0].querySelector('title').textContent", e);
        String desc = (String) js.executeScript("return arguments[0].querySelector('desc').textContent", e);
        assertTrue(title.length() > 10 && desc.length() > 40, id + ": " + title + " / " + desc);
      } else {
        assertTrue(e.getText().contains("not drawn"), id + ": " + e.getText());
      }
    }
    if (which.equals("default")) {
      for (String id : CHARTS) {
        assertEquals("svg", driver.findElement(By.id(id)).getTagName(), "the default run draws " + id);
      }
    }

    // No broken references: ids unique, every url(#…) and href="#…" names an element, every relative link a file.
    @SuppressWarnings("unchecked")
    List<String> broken = (List<String>) js.executeScript("""
        const out = [], ids = new Map();
        document.querySelectorAll('[id]').forEach(e => ids.set(e.id, (ids.get(e.id) || 0) + 1));
        ids.forEach((n, id) => { if (n > 1) out.push('duplicate id ' + id); });
        document.querySelectorAll('*').forEach(e => { for (const a of e.attributes) {
          const m = /url\\(#([^)]+)\\)/.exec(a.value); if (m && !document.getElementById(m[1])) out.push(a.value); } });
        document.querySelectorAll('a[href^="#"]').forEach(a => {
          if (!document.getElementById(a.getAttribute('href').slice(1))) out.push(a.getAttribute('href')); });
        document.querySelectorAll('script[src],link[href],img[src]').forEach(e => out.push('external ' + e.outerHTML));
        return out;""");
    assertEquals(List.of(), broken);
    for (WebElement a : driver.findElements(By.cssSelector("a[href]"))) {
      String href = a.getAttribute("href");
      if (href.startsWith("file:") && !href.contains("#")) {
        assertTrue(new File(java.net.URI.create(href)).isFile(), "link to a missing file: " + href);
      }
    }

    // Sortable tables sort: the paths table by cost, descending on a second click.
    WebElement costHeader = driver.findElement(By.xpath("//h2[@id='paths']/following::table[1]//th[text()='cost']"));
    costHeader.click();
    costHeader.click();
    assertEquals("descending", costHeader.getAttribute("aria-sort"));
    @SuppressWarnings("unchecked")
    List<Object> costs = (List<Object>) js.executeScript("return [...arguments[0].closest('table').tBodies[0].rows]"
        + ".map(r => parseFloat(r.cells[3].dataset.v))", costHeader);
    for (int i = 1; i < costs.size(); i++) {
      assertTrue(((Number) costs.get(i - 1)).doubleValue() >= ((Number) costs.get(i)).doubleValue(), costs.toString());
    }

    // Nothing on the console.
    List<LogEntry> console = driver.manage().logs().get(LogType.BROWSER).getAll();
    assertEquals(List.of(), console.stream().filter(l -> l.getLevel().intValue() >= Level.WARNING.intValue())
        .map(LogEntry::getMessage).toList());

    // axe-core in the page: no serious or critical violation.
    Results axe = new AxeBuilder().analyze(driver);
    List<String> serious = new ArrayList<>();
    for (Rule r : axe.getViolations()) {
      if ("serious".equals(r.getImpact()) || "critical".equals(r.getImpact())) {
        serious.add(r.getId() + " (" + r.getImpact() + "): " + r.getHelp() + " — " + r.getNodes().size() + " nodes, e.g. "
            + (r.getNodes().isEmpty() ? "" : r.getNodes().get(0).getTarget()));
      }
    }
    assertEquals(List.of(), serious);

    // Screenshots, whole page, at 1280 px and on a 390 px phone (where the page itself must not scroll sideways).
    Path screens = Path.of("target", "report-screens");
    Files.createDirectories(screens);
    for (int width : new int[] {1280, 390}) {
      // The device metrics, not the window: a desktop window cannot be made as narrow as a phone.
      driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", java.util.Map.of("width", width, "height", 900,
          "deviceScaleFactor", 1, "mobile", width < 600));
      long scrollWidth = (Long) js.executeScript("return document.documentElement.scrollWidth");
      long clientWidth = (Long) js.executeScript("return document.documentElement.clientWidth");
      assertTrue(scrollWidth <= clientWidth + 1, width + " px: the page scrolls sideways (" + scrollWidth + " > "
          + clientWidth + "): " + js.executeScript("return [...document.querySelectorAll('body *')].filter(e => "
          + "e.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && !e.closest('.wrap'))"
          + ".slice(0, 5).map(e => e.tagName + '.' + e.className + ': ' + e.textContent.slice(0, 60))"));
      long height = (Long) js.executeScript("return document.documentElement.scrollHeight");
      driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", java.util.Map.of("width", width, "height",
          (int) Math.min(height, 30_000), "deviceScaleFactor", 1, "mobile", width < 600));
      byte[] png = driver.getScreenshotAs(OutputType.BYTES);
      Files.write(screens.resolve("report-" + which + "-" + width + ".png"), png);
      BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
      assertTrue(variance(img) > 100, width + " px screenshot is blank");
    }

    // Print: the A4 stylesheet hides the contents list and the page fits a sheet's width (794 px at 96 dpi).
    driver.executeCdpCommand("Emulation.setEmulatedMedia", java.util.Map.of("media", "print"));
    driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", java.util.Map.of("width", 794, "height", 1123,
        "deviceScaleFactor", 1, "mobile", false));
    assertEquals("none", js.executeScript("return getComputedStyle(document.querySelector('nav')).display"));
    assertTrue((Long) js.executeScript("return document.documentElement.scrollWidth") <= 795, "print width: "
        + js.executeScript("return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right "
        + "> 795).slice(0, 5).map(e => e.tagName + ': ' + e.textContent.slice(0, 60))"));
    driver.executeCdpCommand("Emulation.setEmulatedMedia", java.util.Map.of("media", ""));
  }

  /** Luminance variance over a grid of samples: a blank (one-colour) image has none. */
  static double variance(BufferedImage img) {
    double sum = 0;
    double sq = 0;
    int n = 0;
    for (int y = 0; y < img.getHeight(); y += 7) {
      for (int x = 0; x < img.getWidth(); x += 7) {
        int rgb = img.getRGB(x, y);
        double l = 0.2126 * (rgb >> 16 & 255) + 0.7152 * (rgb >> 8 & 255) + 0.0722 * (rgb & 255);
        sum += l;
        sq += l * l;
        n++;
      }
    }
    double mean = sum / n;
    return sq / n - mean * mean;
  }
}
