/** The dependency rules of the README's "Architecture" section, enforced by ArchUnit. */
package dev.tacit.architecture;
