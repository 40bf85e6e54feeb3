/** Why an item was recommended: the past items behind its score, in words and as data. */
package dev.tacit.client.explain;
