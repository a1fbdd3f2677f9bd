/**
 * The bottom of sanet-core's layers: how a setting that is out of range is reported. Every {@code
 * build()} of the library throws {@link dev.sanet.core.settings.SettingException}, which names the
 * setting, the value given and what is allowed, so that a caller (the command line among them) can
 * map the setting's name to its own spelling of it without reading the message.
 *
 * <p>Everything here is non-null unless annotated {@code @Nullable} (JSpecify).
 */
@NullMarked
package dev.sanet.core.settings;

import org.jspecify.annotations.NullMarked;
