package dev.tacit.server.explorer;

import java.util.List;

/** The JSON bodies of the explorer. */
final class ExplorerViews {
  private ExplorerViews() {}

  /**
   * One recommended item.
   *
   * @param itemId the catalogue's id
   * @param title its title, or null when the server has none
   * @param categories its categories
   * @param reach how many one-item users have it in their top 10
   * @param share {@code reach} over the number of one-item users (the number of items)
   */
  record RecommendedView(
      String itemId, String title, List<String> categories, int reach, double share) {}

  /**
   * One item near the item asked about.
   *
   * @param itemId the catalogue's id
   * @param title its title, or null when the server has none
   * @param categories its categories
   * @param similarity how alike (the measure is the view's {@code similarityMeans})
   * @param reach how many one-item users have it in their top 10
   */
  record NeighbourView(
      String itemId, String title, List<String> categories, double similarity, int reach) {}

  /**
   * The item asked about and its nearest items.
   *
   * @param itemId the catalogue's id
   * @param title its title, or null when the server has none
   * @param categories its categories
   * @param reach how many one-item users have it in their top 10
   * @param neighbours the nearest items, most alike first
   */
  record ItemView(
      String itemId,
      String title,
      List<String> categories,
      int reach,
      List<NeighbourView> neighbours) {}

  /**
   * The body of {@code PUT /v1/admin/catalogue/titles}.
   *
   * @param titles each catalogue item's title, by item id
   */
  record TitlesUpload(java.util.Map<String, String> titles) {}

  /**
   * The answer to a titles upload.
   *
   * @param titles how many items have a title now
   */
  record TitlesStored(int titles) {}

  /**
   * What the latest model has learned.
   *
   * @param modelVersion the version explored
   * @param model its kind
   * @param numItems the number of items
   * @param topN the length of each synthetic user's list
   * @param coveredItems the items in at least one list
   * @param coverage {@code coveredItems / numItems}
   * @param recommendedMeans how the most recommended items are defined, in words
   * @param similarityMeans how nearness is measured, in words
   * @param mostRecommended the items of largest reach, largest first
   * @param item the item asked about, or null
   */
  record ExplorerView(
      long modelVersion,
      String model,
      int numItems,
      int topN,
      int coveredItems,
      double coverage,
      String recommendedMeans,
      String similarityMeans,
      List<RecommendedView> mostRecommended,
      ItemView item) {}
}
