/** Goods with their specs and SKUs, as the shelf, the goods page and the console see them. */
import { Type, type Static } from '@sinclair/typebox'
import { FenSchema, IdSchema, PagingQueryProperties, UnixSecondsSchema } from './common-schemas'
import { SPEC_RULES } from './goods-rules'
import { stringEnum } from './string-enum'

export const GOODS_STATUSES = ['draft', 'on_sale', 'off_sale'] as const
export type GoodsStatus = (typeof GOODS_STATUSES)[number]
export const GoodsStatusSchema = stringEnum<GoodsStatus>(GOODS_STATUSES)

const SpecValueSchema = Type.String({ minLength: 1, maxLength: SPEC_RULES.valueMaxLength })

/** One spec dimension (颜色, 尺码) and its values in display order. */
export const SpecDimensionSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: SPEC_RULES.nameMaxLength }),
    values: Type.Array(SpecValueSchema, { minItems: 1, maxItems: SPEC_RULES.maxValuesPerDimension }),
  },
  { additionalProperties: false },
)
export type SpecDimension = Static<typeof SpecDimensionSchema>

/** A sellable variant. `specValues` has one value per dimension, in dimension order ([] for the default SKU). */
export const SkuSchema = Type.Object({
  id: IdSchema,
  goodsId: IdSchema,
  specValues: Type.Array(Type.String()),
  priceFen: FenSchema,
  /** Available to sell now (reserved stock already taken off). */
  stock: Type.Integer({ minimum: 0 }),
  image: Type.Union([Type.String(), Type.Null()]),
  /** Most units of this SKU in one order; null means no limit beyond stock. */
  limitPerOrder: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
})
export type Sku = Static<typeof SkuSchema>

/** A goods as lists show it: price range and total stock over its SKUs. */
export const GoodsSchema = Type.Object({
  id: IdSchema,
  title: Type.String(),
  images: Type.Array(Type.String()),
  /** Lowest SKU price. */
  priceFen: FenSchema,
  /** Highest SKU price (equal to priceFen when all SKUs cost the same). */
  priceMaxFen: FenSchema,
  /** Sum of the SKUs' stock. */
  stock: Type.Integer({ minimum: 0 }),
  status: GoodsStatusSchema,
  specs: Type.Array(SpecDimensionSchema),
  createdAt: UnixSecondsSchema,
  updatedAt: UnixSecondsSchema,
})
export type Goods = Static<typeof GoodsSchema>

/** GET /api/goods/:id: the goods with every SKU (a SKU with stock 0 is sold out). */
export const GoodsDetailSchema = Type.Composite([GoodsSchema, Type.Object({ skus: Type.Array(SkuSchema) })])
export type GoodsDetail = Static<typeof GoodsDetailSchema>

export const GoodsDetailResponseSchema = Type.Object({ goods: GoodsDetailSchema })
export type GoodsDetailResponse = Static<typeof GoodsDetailResponseSchema>

/** GET /api/goods: drafts are listed for admins only. */
export const GoodsListQuerySchema = Type.Object({ status: Type.Optional(GoodsStatusSchema), ...PagingQueryProperties }, { additionalProperties: false })

export const GoodsListResponseSchema = Type.Object({ goods: Type.Array(GoodsSchema), total: Type.Integer({ minimum: 0 }) })
export type GoodsListResponse = Static<typeof GoodsListResponseSchema>

/** One SKU as the console writes it; `id` keeps an existing SKU (its orders stay linked). */
export const SkuInputSchema = Type.Object(
  {
    id: Type.Optional(IdSchema),
    specValues: Type.Array(SpecValueSchema, { maxItems: SPEC_RULES.maxDimensions }),
    priceFen: FenSchema,
    stock: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
    image: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 1024, pattern: '^https?://' }), Type.Null()])),
    limitPerOrder: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 999 }), Type.Null()])),
  },
  { additionalProperties: false },
)
export type SkuInput = Static<typeof SkuInputSchema>

/**
 * PUT /api/goods/:id/skus (admin): replaces the specs and the SKU set. Every combination of spec
 * values appears exactly once; a SKU left out is retired (kept for the orders that name it).
 */
export const SkusPutRequestSchema = Type.Object(
  {
    specs: Type.Array(SpecDimensionSchema, { maxItems: SPEC_RULES.maxDimensions }),
    skus: Type.Array(SkuInputSchema, { minItems: 1, maxItems: SPEC_RULES.maxSkus }),
  },
  { additionalProperties: false },
)
export type SkusPutRequest = Static<typeof SkusPutRequestSchema>

const ImageUrlSchema = Type.String({ minLength: 1, maxLength: 1024, pattern: '^https?://' })

/** Every field of a goods the console writes (price and stock of a goods without specs). */
export const GoodsInputSchema = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 60 }),
    images: Type.Array(ImageUrlSchema, { maxItems: 9 }),
    priceFen: FenSchema,
    stock: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
    status: GoodsStatusSchema,
  },
  { additionalProperties: false },
)
export type GoodsInput = Static<typeof GoodsInputSchema>

/** POST /api/goods: title, price and stock are required; no images and draft by default. */
export const GoodsCreateRequestSchema = Type.Composite(
  [Type.Pick(GoodsInputSchema, ['title', 'priceFen', 'stock']), Type.Partial(Type.Pick(GoodsInputSchema, ['images', 'status']))],
  { additionalProperties: false },
)
export type GoodsCreateRequest = Static<typeof GoodsCreateRequestSchema>

/** PATCH /api/goods/:id: any of the fields, at least one. */
export const GoodsPatchRequestSchema = Type.Partial(GoodsInputSchema, { additionalProperties: false, minProperties: 1 })
export type GoodsPatchRequest = Static<typeof GoodsPatchRequestSchema>
