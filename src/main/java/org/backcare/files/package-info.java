/**
 * Internal: reading an input file safely (only regular files, never through a link or a device, and never more than
 * a limit), for the profile reader and the commands alike. Not exported by the module.
 */
package org.backcare.files;
