import { type AutotaskCredentials } from '../vendor-requests.ts';
import { header, isoDatePart, isRecord, type StandInRequest, type StandInResponse, VendorStandIn } from './json-http.ts';

export interface ContractService {
  readonly id: number;
  readonly contractId: number;
  readonly serviceId: number;
  units: number;
}

export interface AutotaskStandInOptions {
  readonly credentials: AutotaskCredentials;
  /** Recurring service contracts. */
  readonly contracts: readonly number[];
  /** The service catalogue (Admin > Products and Services > Services). */
  readonly services: readonly number[];
  readonly contractServices?: readonly ContractService[];
}

export interface StoredAdjustment {
  readonly id: number;
  readonly contractID: number;
  readonly serviceID: number;
  readonly contractServiceID: number;
  readonly effectiveDate: string;
  readonly unitChange: number;
  readonly adjustedUnitPrice?: number;
  readonly adjustedUnitCost?: number;
}

const API_ROOT = '/ATServicesRest/V1.0';
const ADJUSTMENTS = /^\/ContractServiceAdjustments(?:\/\d+)?$/i;

/**
 * A local Autotask REST API for ContractServiceAdjustments, which Autotask lets
 * you create and nothing else: no query, no update, no delete.
 */
export class AutotaskStandIn extends VendorStandIn {
  readonly adjustments: StoredAdjustment[] = [];
  readonly contractServices: ContractService[];
  private nextId = 7000;

  private constructor(private readonly options: AutotaskStandInOptions) {
    super();
    this.contractServices = (options.contractServices ?? []).map((service) => ({ ...service }));
  }

  /** Serves at `http://127.0.0.1:PORT/ATServicesRest/V1.0`. */
  static async start(options: AutotaskStandInOptions): Promise<AutotaskStandIn> {
    const standIn = new AutotaskStandIn(options);
    await standIn.listen(API_ROOT, (_status, message) => ({ errors: [message] }));
    return standIn;
  }

  /** Units of a service on a contract after every adjustment so far. */
  unitsOf(contractId: number, serviceId: number): number {
    return this.contractServices.find((service) => service.contractId === contractId && service.serviceId === serviceId)?.units ?? 0;
  }

  protected handle(request: StandInRequest): StandInResponse {
    const { credentials } = this.options;
    if (
      header(request, 'ApiIntegrationCode') !== credentials.integrationCode ||
      header(request, 'UserName') !== credentials.userName ||
      header(request, 'Secret') !== credentials.secret
    ) {
      return refused(401, 'The ApiIntegrationCode, UserName and Secret headers do not identify an API user.');
    }
    if (!ADJUSTMENTS.test(request.path)) return refused(404, `No entity at ${request.path}`);
    if (request.method !== 'POST') {
      return refused(405, `ContractServiceAdjustments can only be created; ${request.method} (query, update or delete) is not allowed.`);
    }
    return this.create(request.body);
  }

  private create(body: unknown): StandInResponse {
    if (!isRecord(body)) return refused(400, 'The request body must be a ContractServiceAdjustment.');
    for (const field of ['contractID', 'serviceID', 'unitChange'] as const) {
      if (body[field] === undefined || body[field] === null) return refused(400, `Required field ${field} is missing.`);
      if (!Number.isSafeInteger(body[field])) return refused(400, `${field} must be an integer.`);
    }
    if (isoDatePart(body.effectiveDate) === undefined) return refused(400, 'Required field effectiveDate is missing or not a date.');
    for (const field of ['adjustedUnitPrice', 'adjustedUnitCost'] as const) {
      if (body[field] !== undefined && typeof body[field] !== 'number') return refused(400, `${field} must be a number.`);
    }
    const contractID = body.contractID as number;
    const serviceID = body.serviceID as number;
    const unitChange = body.unitChange as number;
    if (unitChange === 0) return refused(400, 'unitChange cannot be 0.');
    if (!this.options.contracts.includes(contractID)) return refused(400, `Contract ${contractID} does not exist.`);
    if (!this.options.services.includes(serviceID)) return refused(400, `Service ${serviceID} does not exist.`);

    let contractService = this.contractServices.find((service) => service.contractId === contractID && service.serviceId === serviceID);
    if (body.contractServiceID !== undefined && body.contractServiceID !== contractService?.id) {
      return refused(400, `contractServiceID ${String(body.contractServiceID)} is not service ${serviceID} on contract ${contractID}.`);
    }
    const units = (contractService?.units ?? 0) + unitChange;
    if (units < 0) return refused(400, `unitChange ${unitChange} would leave ${units} units of service ${serviceID} on contract ${contractID}.`);
    // Autotask adds the service to the contract when an adjustment names one it does not have yet.
    if (!contractService) {
      contractService = { id: this.nextId++, contractId: contractID, serviceId: serviceID, units: 0 };
      this.contractServices.push(contractService);
    }
    contractService.units = units;
    const adjustment: StoredAdjustment = {
      id: this.nextId++,
      contractID,
      serviceID,
      contractServiceID: contractService.id,
      effectiveDate: String(body.effectiveDate),
      unitChange,
      ...(typeof body.adjustedUnitPrice === 'number' ? { adjustedUnitPrice: body.adjustedUnitPrice } : {}),
      ...(typeof body.adjustedUnitCost === 'number' ? { adjustedUnitCost: body.adjustedUnitCost } : {}),
    };
    this.adjustments.push(adjustment);
    return { status: 200, body: { itemId: adjustment.id } };
  }
}

function refused(status: number, message: string): StandInResponse {
  return { status, body: { errors: [message] } };
}
