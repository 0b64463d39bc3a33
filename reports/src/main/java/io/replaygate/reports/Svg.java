package io.replaygate.reports;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.Rectangle;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;

/**
 * How every chart looks and becomes inline SVG: one colour-blind-safe palette (Okabe and Ito's eight colours),
 * one font, light grid lines, the legend below; rendered by JFreeSVG into an {@code <svg role="img">} that
 * carries its own {@code <title>} and {@code <desc>} (the text alternative) and scales to its container.
 */
final class Svg {
  /**
   * Okabe–Ito's eight (blue, orange, bluish green, vermillion, reddish purple, sky blue, yellow, black), then four
   * of Paul Tol's muted scheme (wine, indigo, olive, grey) for charts with more classes than eight.
   */
  static final Color[] PALETTE = {new Color(0x0072B2), new Color(0xE69F00), new Color(0x009E73), new Color(0xD55E00),
      new Color(0xCC79A7), new Color(0x56B4E9), new Color(0xF0E442), new Color(0x000000), new Color(0x882255),
      new Color(0x332288), new Color(0x999933), new Color(0xBBBBBB)};
  static final Color TEXT = new Color(0x1d2330);
  static final Color GRID = new Color(0xd0d4dc);
  private static final Font FONT = new Font("DejaVu Sans", Font.PLAIN, 12);

  private Svg() {}

  static Paint color(int i) {
    return PALETTE[i % PALETTE.length];
  }

  /** Applies the house style to a chart made by {@code ChartFactory}. */
  static JFreeChart style(JFreeChart chart) {
    chart.setBackgroundPaint(Color.WHITE);
    chart.setAntiAlias(true);
    chart.setTextAntiAlias(true);
    if (chart.getTitle() != null) {
      chart.getTitle().setFont(FONT.deriveFont(Font.BOLD, 14f));
      chart.getTitle().setPaint(TEXT);
    }
    LegendTitle legend = chart.getLegend();
    if (legend != null) {
      legend.setItemFont(FONT);
      legend.setItemPaint(TEXT);
      legend.setPosition(RectangleEdge.BOTTOM);
      legend.setFrame(org.jfree.chart.block.BlockBorder.NONE);
    }
    Plot plot = chart.getPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setOutlineVisible(false);
    if (plot instanceof XYPlot xy) {
      xy.setDomainGridlinePaint(GRID);
      xy.setRangeGridlinePaint(GRID);
      for (int i = 0; i < xy.getDomainAxisCount(); i++) {
        axis(xy.getDomainAxis(i));
      }
      for (int i = 0; i < xy.getRangeAxisCount(); i++) {
        axis(xy.getRangeAxis(i));
      }
      for (int r = 0; r < xy.getRendererCount(); r++) {
        var renderer = xy.getRenderer(r);
        if (renderer instanceof org.jfree.chart.renderer.xy.XYLineAndShapeRenderer lines) {
          lines.setDrawSeriesLineAsPath(true); // one path per series, not one element per segment
        }
        if (renderer != null) {
          for (int s = 0; s < 16; s++) {
            renderer.setSeriesPaint(s, color(s), false);
            renderer.setSeriesStroke(s, new BasicStroke(1.6f), false);
          }
        }
      }
      if (xy.getRangeAxis() instanceof org.jfree.chart.axis.NumberAxis n) {
        n.setAutoRangeIncludesZero(false);
      }
    } else if (plot instanceof CategoryPlot cp) {
      cp.setRangeGridlinePaint(GRID);
      axis(cp.getDomainAxis());
      for (int i = 0; i < cp.getRangeAxisCount(); i++) {
        axis(cp.getRangeAxis(i));
      }
      for (int r = 0; r < cp.getRendererCount(); r++) {
        var renderer = cp.getRenderer(r);
        if (renderer != null) {
          for (int s = 0; s < 16; s++) {
            renderer.setSeriesPaint(s, color(s + r), false);
          }
        }
      }
      if (cp.getRenderer() instanceof org.jfree.chart.renderer.category.BarRenderer bars) {
        bars.setBarPainter(new org.jfree.chart.renderer.category.StandardBarPainter());
        bars.setShadowVisible(false);
      }
    }
    return chart;
  }

  private static void axis(org.jfree.chart.axis.Axis a) {
    if (a == null) {
      return;
    }
    a.setLabelFont(FONT);
    a.setLabelPaint(TEXT);
    a.setTickLabelFont(FONT.deriveFont(11f));
    a.setTickLabelPaint(TEXT);
  }

  private static String oneDecimal(double v) {
    long tenths = Math.round(v * 10);
    return tenths % 10 == 0 ? Long.toString(tenths / 10) : Double.toString(tenths / 10.0);
  }

  /**
   * The chart as an inline SVG element with its id, a {@code <title>} and a {@code <desc>} (read by screen
   * readers, and the tooltip), sized by the page (a {@code viewBox}, no fixed width).
   */
  static String render(JFreeChart chart, String id, int width, int height, String title, String alt) {
    SVGGraphics2D g = new SVGGraphics2D(width, height);
    g.setDefsKeyPrefix(id + "-"); // several charts on one page: clip-path ids must not collide
    g.setGeomDoubleConverter(Svg::oneDecimal); // a tenth of a pixel is finer than any screen shows
    g.setTransformDoubleConverter(Svg::oneDecimal);
    chart.draw(g, new Rectangle(0, 0, width, height));
    String el = g.getSVGElement(id, false, new ViewBox(0, 0, width, height), null, null);
    int open = el.indexOf('>');
    return el.substring(0, open) + " role=\"img\" aria-labelledby=\"" + id + "-t " + id + "-d\">"
        + "<title id=\"" + id + "-t\">" + HtmlReport.esc(title) + "</title><desc id=\"" + id + "-d\">"
        + HtmlReport.esc(alt) + "</desc>" + el.substring(open + 1);
  }
}
