package dev.tacit.sim;

import dev.tacit.core.report.ModelReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws the privacy-utility curve (NDCG@10 against ε, one category per ε with ∞ labelled; one line
 * per federated algorithm) with the central references as horizontal lines, as PNG and SVG
 * (XChart).
 */
public final class CurveChart {
  private CurveChart() {}

  /** The chart of a sweep. */
  public static CategoryChart chart(EpsilonSweep.Result result, String title) {
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(800)
            .height(500)
            .title(title)
            .xAxisTitle("ε (δ fixed)")
            .yAxisTitle("NDCG@10")
            .build();
    chart.getStyler().setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
    chart.getStyler().setOverlapped(true); // one x position per ε for every series
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
    List<String> labels = new ArrayList<>();
    for (EpsilonSweep.Point p : result.points()) {
      String label = EpsilonSweep.label(p.epsilon());
      if (!labels.contains(label)) {
        labels.add(label);
      }
    }
    for (String algorithm : result.algorithms()) {
      List<Double> ndcg = new ArrayList<>();
      for (String label : labels) {
        ndcg.add(
            result.points().stream()
                .filter(
                    p ->
                        p.algorithm().equals(algorithm)
                            && EpsilonSweep.label(p.epsilon()).equals(label))
                .mapToDouble(p -> p.ndcg().mean())
                .findFirst()
                .orElse(Double.NaN));
      }
      chart
          .addSeries("federated (" + algorithm + ")", labels, ndcg)
          .setMarker(SeriesMarkers.CIRCLE);
    }
    for (ModelReport r : result.references()) {
      double v = r.metrics().get("ndcg@10").mean();
      chart
          .addSeries(r.name() + " (central)", labels, Collections.nCopies(labels.size(), v))
          .setMarker(SeriesMarkers.NONE);
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
