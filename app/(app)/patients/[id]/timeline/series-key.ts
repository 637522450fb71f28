'use client';
import { createContext, useContext, useMemo } from 'react';
import type { ChartData, ChartType } from 'chart.js';

/**
 * A panel's key as a switch, once its chart has drawn: selecting an entry hides or shows
 * the chart's series of that name, as Chart.js's own legend did before the keys became
 * HTML shared with the first frame (decision 0041). The hidden entries of one panel, by
 * label; none until the user hides one, and none again on every view of the record
 * (hazard D5: the key strikes a hidden entry through and the panel says what is hidden).
 */
export const HiddenSeries = createContext<ReadonlySet<string>>(new Set());

/** What makes a panel's key a switch (PanelLegend): the entries hidden and how to flip one. */
export interface KeySwitch {
  hidden: ReadonlySet<string>;
  flip(label: string): void;
}

/** A dataset that answers to another key entry than its own label (the reference band's lower edge). */
export const answersTo = (key: string): object => ({ key });

const keyOf = (ds: { label?: string }) => (ds as { key?: string }).key ?? ds.label ?? '';

/**
 * The chart's data with the datasets of hidden entries marked hidden: Chart.js then
 * neither draws them nor offers them on hover. The axes stay: their limits are fixed.
 */
export function withHidden<T extends ChartType, D>(data: ChartData<T, D>, hidden: ReadonlySet<string>): ChartData<T, D> {
  return hidden.size ? { ...data, datasets: data.datasets.map((ds) => (hidden.has(keyOf(ds)) ? { ...ds, hidden: true } : ds)) } : data;
}

export function useShownData<T extends ChartType, D>(data: ChartData<T, D>): ChartData<T, D> {
  const hidden = useContext(HiddenSeries);
  return useMemo(() => withHidden(data, hidden), [data, hidden]);
}
