/**
 * Test code written as any DJL user would write it: it loads sanet model directories through DJL's
 * {@code Criteria} and names no sanet type.
 */
@NullMarked
package plaindjl;

import org.jspecify.annotations.NullMarked;
