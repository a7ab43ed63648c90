/**
 * When things are due: five-field cron expressions and the spread forms ({@code @daily-random} and
 * so on) read on the wall clock of a time zone, giving each claim its own fixed moment.
 */
package dev.holdfast.operator.schedule;
