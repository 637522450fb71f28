import type { NextRequest } from 'next/server';
import { fhirHandle, fhirJson } from '@/lib/api/fhir-http';
import { capabilityStatement } from '@/lib/domain/fhir/capability';
import { fhirBaseUrl } from '@/lib/dal/fhir-data';
import pkg from '@/package.json';

/** GET /api/fhir/metadata: the CapabilityStatement (public, like openapi.json: it holds no patient data). */
export function GET(request: NextRequest) {
  return fhirHandle(request, () => fhirJson(capabilityStatement({ base: fhirBaseUrl(request.url), version: pkg.version, date: new Date().toISOString() }), request));
}
