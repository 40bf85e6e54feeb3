package dev.tacit.sim;

import dev.tacit.core.report.ModelReport;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws the privacy-utility curve: NDCG@10 against ε on a log₂ axis (ε = 1, 2, 4, ... evenly spaced
 * by ratio, not by rank), with ε = ∞ (no noise) set apart two steps to the right of the largest
 * finite ε; one line per federated algorithm with error bars of one standard deviation over the
 * folds; the central references as dashed horizontal lines; colours from the Okabe-Ito palette,
 * readable by colour-blind readers and in print. PNG and SVG (XChart).
 */
public final class CurveChart {
  /** Okabe-Ito: blue, vermillion, bluish green, reddish purple, orange, sky blue, black. */
  static final Color[] PALETTE = {
    new Color(0x0072B2),
    new Color(0xD55E00),
    new Color(0x009E73),
    new Color(0xCC79A7),
    new Color(0xE69F00),
    new Color(0x56B4E9),
    Color.BLACK
  };

  private CurveChart() {}

  /**
   * Where ε sits on the x axis: log₂ ε, and ∞ two steps after the largest finite ε of the sweep (or
   * at 5, ε = 32's place, when there is none).
   */
  static double position(double epsilon, double infinityAt) {
    return Double.isInfinite(epsilon) ? infinityAt : Math.log(epsilon) / Math.log(2);
  }

  /** The chart of a sweep. */
  public static XYChart chart(EpsilonSweep.Result result, String title) {
    TreeSet<Double> finite = new TreeSet<>();
    for (EpsilonSweep.Point p : result.points()) {
      if (!Double.isInfinite(p.epsilon())) {
        finite.add(p.epsilon());
      }
    }
    double lo = finite.isEmpty() ? 0 : Math.floor(position(finite.first(), 0));
    double hi = finite.isEmpty() ? 3 : Math.ceil(position(finite.last(), 0));
    double infinityAt = hi + 2;
    XYChart chart =
        new XYChartBuilder()
            .width(800)
            .height(500)
            .title(title)
            .xAxisTitle("ε (log scale; ∞ = no noise, set apart)")
            .yAxisTitle("NDCG@10")
            .build();
    var styler = chart.getStyler();
    styler.setYAxisMin(0.0);
    styler.setXAxisMin(lo - 0.5);
    styler.setXAxisMax(infinityAt + 0.5);
    styler.setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
    styler.setErrorBarsColorSeriesColor(true);
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setPlotBackgroundColor(Color.WHITE);
    styler.setSeriesColors(PALETTE);
    styler.setXAxisTickMarkSpacingHint(40); // a tick per log₂ step: the labels skip the others
    styler.setxAxisTickLabelsFormattingFunction(v -> tickLabel(v, hi, infinityAt));
    int colour = 0;
    for (String algorithm : result.algorithms()) {
      List<EpsilonSweep.Point> pts = new ArrayList<>();
      for (EpsilonSweep.Point p : result.points()) {
        if (p.algorithm().equals(algorithm)) {
          pts.add(p);
        }
      }
      pts.sort((a, b) -> Double.compare(a.epsilon(), b.epsilon()));
      double[] x = new double[pts.size()];
      double[] y = new double[pts.size()];
      double[] err = new double[pts.size()];
      for (int i = 0; i < pts.size(); i++) {
        x[i] = position(pts.get(i).epsilon(), infinityAt);
        y[i] = pts.get(i).ndcg().mean();
        err[i] = Double.isFinite(pts.get(i).ndcg().std()) ? pts.get(i).ndcg().std() : 0;
      }
      XYSeries s = chart.addSeries("federated (" + algorithm + ")", x, y, err);
      s.setMarker(SeriesMarkers.CIRCLE);
      s.setLineColor(PALETTE[colour % PALETTE.length]);
      s.setMarkerColor(PALETTE[colour % PALETTE.length]);
      colour++;
    }
    for (ModelReport r : result.references()) {
      double v = r.metrics().get("ndcg@10").mean();
      XYSeries s =
          chart.addSeries(
              r.name() + " (central)",
              new double[] {lo - 0.5, infinityAt + 0.5},
              new double[] {v, v});
      s.setMarker(SeriesMarkers.NONE);
      s.setLineColor(PALETTE[colour % PALETTE.length]);
      s.setLineStyle(
          new BasicStroke(
              2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 5f}, 0f));
      colour++;
    }
    return chart;
  }

  /** "1", "2", "4", ... at whole log₂ positions up to the largest ε, "∞" at its place, else "". */
  static String tickLabel(double v, double hi, double infinityAt) {
    if (Math.abs(v - infinityAt) < 1e-9) {
      return "∞";
    }
    if (Math.abs(v - Math.rint(v)) > 1e-9 || v > hi + 1e-9) {
      return "";
    }
    double eps = Math.pow(2, Math.rint(v));
    return eps >= 1
        ? String.format(Locale.ROOT, "%d", (long) eps)
        : String.format(Locale.ROOT, "%s", eps);
  }

  /**
   * Writes {@code base + ".png"} and {@code base + ".svg"}.
   *
   * @return the two paths
   */
  public static List<Path> write(EpsilonSweep.Result result, String title, Path base)
      throws IOException {
    XYChart chart = chart(result, title);
    Path png = base.resolveSibling(base.getFileName() + ".png");
    Path svg = base.resolveSibling(base.getFileName() + ".svg");
    BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    VectorGraphicsEncoder.saveVectorGraphic(
        chart, svg.toString(), VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
    return List.of(png, svg);
  }
}
