import { wholeExtension } from '../../engine/extensions.js'
import type { HandlerFactory } from '../../engine/handler-types.js'
import { Problem } from '../../engine/problems.js'
import { customerOf, invalidField } from './customer.js'

const IMAGES = 'images'
const DEFAULT_MAX_BYTES = 256 * 1024

interface StoredImage { profileImage: string, imageType: 'PNG' | 'JPEG', imageSizeInBytes: number, lastUpdatedDateTime: string }

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

/** The image type from the bytes themselves: PNG's signature and IHDR chunk, or JPEG's start-of-image marker. */
export function imageTypeOf (bytes: Buffer): 'PNG' | 'JPEG' | undefined {
  if (bytes.length > 24 && bytes.subarray(0, 8).equals(PNG) && bytes.toString('latin1', 12, 16) === 'IHDR') return 'PNG'
  if (bytes.length > 4 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'JPEG'
  return undefined
}

function invalid (message: string, raw = false): Problem {
  return raw ? invalidField(`body ${message}`, '/') : invalidField(`body field 'profileImage' ${message}`, 'profileImage')
}

/** The image's bytes: the raw body (image/png, image/jpeg), or the JSON body's base64 `profileImage`. */
function bytesOf (body: unknown): { bytes: Buffer, text: string, raw: boolean } {
  if (Buffer.isBuffer(body)) return { bytes: body, text: body.toString('base64'), raw: true }
  const text = (body as { profileImage: string }).profileImage.replace(/\s+/g, '')
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) throw invalid('must be base64')
  return { bytes: Buffer.from(text, 'base64'), text, raw: false }
}

/** GET /v1/customers/profile/images */
export const getImage: HandlerFactory = () => (request, _reply, data) => {
  const customer = customerOf(request, data)
  const image = data.get(IMAGES, customer.customerId)
  if (image === undefined) throw new Problem('not-found', 'the customer has no profile image')
  return image
}

/** PUT /v1/customers/profile/images: a PNG or JPEG, base64 in JSON or the raw bytes, recognised from its bytes. */
export const putImage: HandlerFactory = ({ row, clock }) => {
  const max = wholeExtension(row, 'x-sandbox-image-max-bytes', DEFAULT_MAX_BYTES, 'bytes')
  return async (request, _reply, data) => {
    const customer = customerOf(request, data)
    const { bytes, text, raw } = bytesOf(request.body)
    if (bytes.length > max) throw invalid(`is ${bytes.length} bytes; at most ${String(max)} are accepted`, raw)
    const imageType = imageTypeOf(bytes)
    if (imageType === undefined) throw invalid('is neither a PNG nor a JPEG image', raw)
    const stored: StoredImage = { profileImage: text, imageType, imageSizeInBytes: bytes.length, lastUpdatedDateTime: new Date(clock()).toISOString() }
    await data.transact((tx) => { tx.put(IMAGES, customer.customerId, stored) })
    const { profileImage: _bytes, ...info } = stored
    return info
  }
}

/** DELETE /v1/customers/profile/images: 204; a second delete is a 404. */
export const deleteImage: HandlerFactory = () => async (request, _reply, data) => {
  const removed = await data.transact((tx) => tx.remove(IMAGES, customerOf(request, tx).customerId))
  if (!removed) throw new Problem('not-found', 'the customer has no profile image')
  return null
}
