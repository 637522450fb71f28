import type { NextRequest } from 'next/server';
import { apiActor, handle, json, readJsonBody } from '@/lib/api/http';
import { assertJsonNumbers, assertKnownFields } from '@/lib/api/lab-result-body';
import { refuseOtherMethods } from '@/lib/api/methods';
import { labResultIn, toAntibodyResultOut, toEnzymeResultOut } from '@/lib/api/schemas/lab-results';
import { recordAntibodyResult } from '@/lib/dal/antibody-results';
import { recordEnzymeResult } from '@/lib/dal/enzyme-results';
import { invalid } from '@/lib/errors';
import { idSchema } from '@/lib/validation/common';
import { parseOrThrow } from '@/lib/validation/parse';

type Params = { params: Promise<{ id: string }> };

/**
 * POST /api/v1/patients/{id}/lab-results: creates one result. `kind` is "antibody"
 * (assayId, collectedOn, value|qualitative, comparator, cutoff, accession) or "enzyme"
 * (analyte, collectedOn, value, unit, lowerLimit, upperLimit, accession). 201 with the row.
 * Any other field is a 422 naming it (a misnamed upper limit would otherwise be dropped
 * and the site default stored).
 * Numbers are JSON numbers (lib/api/lab-result-body.ts, which explains a number sent as
 * text); the body's structure is the documented schema (lib/api/schemas/lab-results.ts);
 * every other rule is the forms' and the imports' (lib/validation/field-rules.ts). A
 * possible duplicate or an implausible value answers 409 with `fields.allowDuplicate` /
 * `fields.allowImplausible`; send `"allowDuplicate": true` / `"allowImplausible": true` to keep it.
 */
export function POST(request: NextRequest, { params }: Params) {
  return handle(async () => {
    const actor = await apiActor(request, 'lab:write');
    const patientId = parseOrThrow(idSchema('patient'), (await params).id, 'id');
    const body = await readJsonBody(request);
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw invalid('Send one JSON object.');
    const { kind, ...input } = body as Record<string, unknown>;
    if (kind !== 'antibody' && kind !== 'enzyme') throw invalid('kind must be "antibody" or "enzyme".', { kind: ['Use "antibody" or "enzyme".'] });
    assertKnownFields(kind, body as Record<string, unknown>);
    assertJsonNumbers(kind, input);
    parseOrThrow(labResultIn, body);
    if (kind === 'antibody') return json(toAntibodyResultOut(recordAntibodyResult(actor, patientId, input)), 201);
    return json(toEnzymeResultOut(recordEnzymeResult(actor, patientId, input)), 201);
  });
}

export const { GET, PUT, PATCH, DELETE } = refuseOtherMethods('POST');
