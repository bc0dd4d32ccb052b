export {
  type FakeVendors,
  type RecordedRequest,
  startFakeVendors,
  type Vendor,
  type VendorBehaviour,
} from './server.js';
