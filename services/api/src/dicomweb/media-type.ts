import type { FastifyRequest } from 'fastify';
import { ApiError } from '../errors.ts';

export const DICOM_JSON = 'application/dicom+json';
const ACCEPTABLE = /(^|,)\s*(application\/dicom\+json|application\/json|application\/\*|\*\/\*)\s*(;|,|$)/i;

/** DICOMweb answers here are `application/dicom+json` only: any other Accept is refused (406). */
export function requireDicomJsonAccepted(request: FastifyRequest): void {
  const accept = request.headers.accept;
  if (accept !== undefined && accept !== '' && !ACCEPTABLE.test(accept)) {
    throw new ApiError('MWL_ERR_API_NOT_ACCEPTABLE', 406, `only ${DICOM_JSON} is offered`);
  }
}
