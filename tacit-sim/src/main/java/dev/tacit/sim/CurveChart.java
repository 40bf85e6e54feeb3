package dev.tacit.sim;

import dev.tacit.core.report.ModelReport;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws the privacy-utility curve: NDCG@10 against ε on a log₂ axis (one slot per power of two from
 * the smallest to the largest finite ε, empty where the sweep has no point, so ε = 8 and 2 stand
 * two steps apart), with ε = ∞ (no noise) set apart after an empty slot; one line per federated
 * algorithm with error bars of one standard deviation over the folds; the central references as
 * dashed lines; colours from the Okabe-Ito palette, readable by colour-blind readers and in print.
 * When a finite ε is not a power of two the slots are the sweep's ε values in order. PNG and SVG
 * (XChart).
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

  /** The label of the empty slot that sets ∞ apart. */
  static final String GAP = " ";

  private CurveChart() {}

  /**
   * The x slots of a sweep's ε values, smallest first: every power of two between the smallest and
   * the largest finite ε (or the finite ε values themselves when one is not a power of two), then
   * {@link #GAP} and "∞" when the sweep has ε = ∞.
   */
  static List<String> slots(List<Double> epsilons) {
    TreeSet<Double> finite = new TreeSet<>();
    boolean infinite = false;
    for (double e : epsilons) {
      if (Double.isInfinite(e)) {
        infinite = true;
      } else {
        finite.add(e);
      }
    }
    List<String> out = new ArrayList<>();
    boolean powers = finite.stream().allMatch(CurveChart::isPowerOfTwo);
    if (powers && !finite.isEmpty()) {
      int lo = (int) Math.rint(log2(finite.first()));
      int hi = (int) Math.rint(log2(finite.last()));
      for (int k = lo; k <= hi; k++) {
        out.add(EpsilonSweep.label(Math.pow(2, k)));
      }
    } else {
      finite.forEach(e -> out.add(EpsilonSweep.label(e)));
    }
    if (infinite) {
      if (!out.isEmpty()) {
        out.add(GAP);
      }
      out.add("∞");
    }
    return out;
  }

  private static double log2(double v) {
    return Math.log(v) / Math.log(2);
  }

  private static boolean isPowerOfTwo(double v) {
    double k = log2(v);
    return v > 0 && Math.abs(k - Math.rint(k)) < 1e-9;
  }

  /** The chart of a sweep. */
  public static CategoryChart chart(EpsilonSweep.Result result, String title) {
    List<Double> epsilons = new ArrayList<>();
    result.points().forEach(p -> epsilons.add(p.epsilon()));
    List<String> labels = slots(epsilons);
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(800)
            .height(500)
            .title(title)
            .xAxisTitle("ε, log scale (∞ = no noise, set apart)")
            .yAxisTitle("NDCG@10")
            .build();
    var styler = chart.getStyler();
    styler.setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
    styler.setOverlapped(true); // one x position per ε for every series
    styler.setYAxisMin(0.0);
    styler.setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
    styler.setErrorBarsColorSeriesColor(true);
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setPlotBackgroundColor(Color.WHITE);
    styler.setSeriesColors(PALETTE);
    int colour = 0;
    for (String algorithm : result.algorithms()) {
      List<Double> ndcg = new ArrayList<>();
      List<Double> err = new ArrayList<>();
      for (String label : labels) {
        EpsilonSweep.Point p =
            result.points().stream()
                .filter(
                    q ->
                        q.algorithm().equals(algorithm)
                            && EpsilonSweep.label(q.epsilon()).equals(label))
                .findFirst()
                .orElse(null);
        ndcg.add(p == null ? Double.NaN : p.ndcg().mean());
        err.add(p == null || !Double.isFinite(p.ndcg().std()) ? 0.0 : p.ndcg().std());
      }
      CategorySeries s = chart.addSeries("federated (" + algorithm + ")", labels, ndcg, err);
      s.setMarker(SeriesMarkers.CIRCLE);
      s.setLineColor(PALETTE[colour % PALETTE.length]);
      s.setMarkerColor(PALETTE[colour % PALETTE.length]);
      colour++;
    }
    for (ModelReport r : result.references()) {
      double v = r.metrics().get("ndcg@10").mean();
      CategorySeries s =
          chart.addSeries(r.name() + " (central)", labels, Collections.nCopies(labels.size(), v));
      s.setMarker(SeriesMarkers.NONE);
      s.setLineColor(PALETTE[colour % PALETTE.length]);
      s.setLineStyle(
          new BasicStroke(
              2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 5f}, 0f));
      colour++;
    }
    return chart;
  }

  /**
   * Writes {@code base + ".png"} and {@code base + ".svg"}.
   *
   * @return the two paths
   */
  public static List<Path> write(EpsilonSweep.Result result, String title, Path base)
      throws IOException {
    CategoryChart chart = chart(result, title);
    Path png = base.resolveSibling(base.getFileName() + ".png");
    Path svg = base.resolveSibling(base.getFileName() + ".svg");
    BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    VectorGraphicsEncoder.saveVectorGraphic(
        chart, svg.toString(), VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
    return List.of(png, svg);
  }
}
