/**
 * Leaf certificate renewal: when a certificate is due (two thirds of its lifetime by default, with
 * jitter), and the renewer that replaces it with a new key and certificate, on schedule or at once.
 */
package dev.holdfast.tls.renewal;
