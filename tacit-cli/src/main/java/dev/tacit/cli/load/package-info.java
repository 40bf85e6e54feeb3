/** The figures of a load test: requests, throughput, latency percentiles and errors per phase. */
package dev.tacit.cli.load;
