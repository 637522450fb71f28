/** Where the patient's whole timeline is read (timeline/data/route.ts): preloaded by the page, fetched by its charts. */
export const timelineDataPath = (patientId: number) => `/patients/${patientId}/timeline/data`;
