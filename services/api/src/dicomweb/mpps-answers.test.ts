import { MPPS_DIMSE_STATUS } from '@mwl/domain';
import { describe, expect, it } from 'vitest';
import { mppsExists, mppsRefusal, mppsUnknown } from './mpps-answers.ts';

describe('the HTTP answer of each MPPS outcome (PS3.18 Tables 15.4.3-1, 15.5.3-1)', () => {
  it.each([
    [MPPS_DIMSE_STATUS.missingAttribute, 400, 'MWL_ERR_API_MPPS_MISSING_ATTRIBUTE'],
    [MPPS_DIMSE_STATUS.missingAttributeValue, 400, 'MWL_ERR_API_MPPS_MISSING_VALUE'],
    [MPPS_DIMSE_STATUS.invalidAttributeValue, 400, 'MWL_ERR_API_MPPS_INVALID_VALUE'],
    [MPPS_DIMSE_STATUS.processingFailure, 409, 'MWL_ERR_API_MPPS_FINAL'],
  ])('DIMSE status %i becomes HTTP %i with code %s', (dimse, status, code) => {
    const error = mppsRefusal({ status: dimse, attributes: ['Modality'], comment: 'why' });
    expect({ status: error.status, code: error.code, dimse: error.dimseStatus }).toEqual({
      status,
      code,
      dimse,
    });
    expect(error.problems).toEqual([{ path: 'Modality', message: expect.any(String) as string }]);
  });

  it('answers a duplicate UID 409 and an unknown UID 404', () => {
    expect([mppsExists().status, mppsExists().dimseStatus]).toEqual([409, 0x0111]);
    expect([mppsUnknown().status, mppsUnknown().dimseStatus]).toEqual([404, 0x0112]);
  });
});
