/** JMH benchmarks of Tacit's hot paths. */
package dev.tacit.bench;
