import { describe, expect, it } from 'vitest';
import {
  buildAssociationPolicy,
  ContextResult,
  decideAssociation,
  decidePresentationContexts,
  normalizeAddress,
  type AssociationRequestFacts,
} from './negotiation.ts';
import { SopClassUid, TransferSyntaxUid } from './status.ts';

const policy = buildAssociationPolicy({
  aeTitles: ['MWL', 'MWL2'],
  callingAeAllowList: ['CT1', 'MR1'],
  callingAeAddressBinding: { MR1: ['10.0.0.5'], CT1: [] },
  certificateBinding: { CT1: ['ct1.hospital.example', 'CT1'] },
  maxAssociations: 2,
});
const base: AssociationRequestFacts = {
  calledAeTitle: 'MWL',
  callingAeTitle: 'CT1',
  remoteAddress: '192.168.1.9',
  activeAssociations: 0,
  draining: false,
  certificateNames: ['CT1'],
};

describe('decideAssociation', () => {
  it.each([
    ['our AE title and an allowed caller', {}, { accept: true }],
    ['any of our AE titles', { calledAeTitle: 'MWL2' }, { accept: true }],
    ['a called AE title that is not ours', { calledAeTitle: 'PACS' }, { result: 1, source: 1, reason: 7 }],
    [
      'a calling AE title outside the allow-list',
      { callingAeTitle: 'US1' },
      { result: 1, source: 1, reason: 3 },
    ],
    ['a bound caller from another address', { callingAeTitle: 'MR1' }, { result: 1, source: 1, reason: 3 }],
    [
      'a bound caller from its address',
      { callingAeTitle: 'MR1', remoteAddress: '10.0.0.5' },
      { accept: true },
    ],
    [
      'a bound caller from its IPv4-mapped address',
      { callingAeTitle: 'MR1', remoteAddress: '::ffff:10.0.0.5' },
      { accept: true },
    ],
    ['a full house', { activeAssociations: 2 }, { result: 2, source: 3, reason: 2 }],
    [
      'a bound caller with its certificate (SAN)',
      { certificateNames: ['x', 'ct1.hospital.example'] },
      { accept: true },
    ],
    [
      'a bound caller with another certificate',
      { certificateNames: ['mr1.hospital.example'] },
      { result: 1, source: 1, reason: 3 },
    ],
    ['a bound caller without TLS', { certificateNames: undefined }, { result: 1, source: 1, reason: 3 }],
    [
      'an unbound caller with any certificate',
      { callingAeTitle: 'MR1', remoteAddress: '10.0.0.5' },
      { accept: true },
    ],
    ['a proposed maximum PDU length of 6', { peerMaxPduLength: 6 }, { result: 1, source: 1, reason: 1 }],
    [
      'a proposed maximum PDU length of 1023',
      { peerMaxPduLength: 1023 },
      { result: 1, source: 1, reason: 1 },
    ],
    ['a proposed maximum PDU length of 1024', { peerMaxPduLength: 1024 }, { accept: true }],
    ['no maximum PDU length (0, unlimited)', { peerMaxPduLength: 0 }, { accept: true }],
    ['a server shutting down', { draining: true }, { result: 2, source: 3, reason: 1 }],
  ])('decides %s', (_case, facts, expected) => {
    expect(decideAssociation({ ...base, ...facts }, policy)).toMatchObject(expected);
  });

  it('accepts any calling AE title when the allow-list is empty or null', () => {
    for (const callingAeAllowList of [[], null]) {
      const open = buildAssociationPolicy({ aeTitles: ['MWL'], callingAeAllowList, maxAssociations: 1 });
      expect(decideAssociation({ ...base, callingAeTitle: 'ANYONE' }, open)).toEqual({ accept: true });
    }
  });
});

describe('decidePresentationContexts', () => {
  const { ImplicitVrLittleEndian: IMPLICIT, ExplicitVrLittleEndian: EXPLICIT } = TransferSyntaxUid;
  const supported = new Set<string>([SopClassUid.Verification, SopClassUid.ModalityWorklistFind]);
  const MWL = SopClassUid.ModalityWorklistFind;

  it.each([
    [
      'Explicit VR LE when both are offered',
      [IMPLICIT, EXPLICIT],
      { result: ContextResult.Acceptance, transferSyntaxUid: EXPLICIT },
    ],
    [
      'Implicit VR LE when it is the only one',
      [IMPLICIT],
      { result: ContextResult.Acceptance, transferSyntaxUid: IMPLICIT },
    ],
    [
      'no compressed syntax',
      ['1.2.840.10008.1.2.4.50'],
      { result: ContextResult.TransferSyntaxesNotSupported },
    ],
    ['no Big Endian', ['1.2.840.10008.1.2.2'], { result: ContextResult.TransferSyntaxesNotSupported }],
  ])('accepts %s', (_case, transferSyntaxUids, expected) => {
    const [decision] = decidePresentationContexts(
      [{ id: 1, abstractSyntaxUid: MWL, transferSyntaxUids }],
      supported,
    );
    expect(decision).toEqual({ id: 1, ...expected });
  });

  it('rejects an abstract syntax it does not serve, leaving the others accepted', () => {
    const decisions = decidePresentationContexts(
      [
        { id: 1, abstractSyntaxUid: '1.2.840.10008.5.1.4.1.1.2', transferSyntaxUids: [IMPLICIT] },
        { id: 3, abstractSyntaxUid: MWL, transferSyntaxUids: [IMPLICIT] },
      ],
      supported,
    );
    expect(decisions.map((d) => d.result)).toEqual([
      ContextResult.AbstractSyntaxNotSupported,
      ContextResult.Acceptance,
    ]);
  });

  it('never gives two contexts the same abstract and transfer syntax', () => {
    const decisions = decidePresentationContexts(
      [
        { id: 1, abstractSyntaxUid: MWL, transferSyntaxUids: [EXPLICIT, IMPLICIT] },
        { id: 3, abstractSyntaxUid: MWL, transferSyntaxUids: [EXPLICIT, IMPLICIT] },
        { id: 5, abstractSyntaxUid: MWL, transferSyntaxUids: [IMPLICIT] },
      ],
      supported,
    );
    expect(decisions).toEqual([
      { id: 1, result: ContextResult.Acceptance, transferSyntaxUid: EXPLICIT },
      { id: 3, result: ContextResult.Acceptance, transferSyntaxUid: IMPLICIT },
      { id: 5, result: ContextResult.NoReason },
    ]);
  });
});

describe('normalizeAddress', () => {
  it.each([
    ['::ffff:127.0.0.1', '127.0.0.1'],
    ['10.1.2.3', '10.1.2.3'],
    ['FE80::1', 'fe80::1'],
  ])('turns %s into %s', (input, output) => {
    expect(normalizeAddress(input)).toBe(output);
  });
});
