<?xml version="1.0" encoding="UTF-8"?>
<!-- admin-branding.xsl: Erscheinungsbild: the company's name, accent colour and logo as the
     portal shows them, with a preview of what is saved. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:kp="urn:kundenportal" exclude-result-prefixes="kp">
  <xsl:import href="_admin.xsl"/>

  <xsl:template match="/page" mode="title"><xsl:value-of select="kp:t('branding.title')"/></xsl:template>

  <xsl:template match="/page" mode="content">
    <xsl:variable name="f" select="form[@id = 'admin-branding']"/>
    <xsl:variable name="b" select="$ctx/brand"/>
    <xsl:variable name="logo-error" select="$f/f[@n = 'logo']/@error"/>
    <p class="crumbs"><a href="{$mount}/settings"><xsl:value-of select="kp:t('nav.settings')"/></a></p>
    <h1><xsl:value-of select="kp:t('branding.title')"/></h1>
    <xsl:if test="string($f/@alert)">
      <p role="status">
        <xsl:attribute name="class">alert <xsl:choose><xsl:when test="starts-with($f/@alert, 'error') or contains($f/@alert, '.error')">error</xsl:when><xsl:otherwise>ok</xsl:otherwise></xsl:choose></xsl:attribute>
        <xsl:value-of select="kp:t($f/@alert)"/></p>
    </xsl:if>
    <xsl:call-template name="unsaved"><xsl:with-param name="prefix" select="'branding'"/></xsl:call-template>
    <xsl:if test="$f/@invalid = '1'">
      <p class="alert error" role="alert"><xsl:value-of select="kp:t('error.form')"/></p>
    </xsl:if>
    <p><xsl:value-of select="kp:t('branding.intro')"/></p>

    <section class="card" aria-labelledby="preview-title">
      <h2 id="preview-title"><xsl:value-of select="kp:t('branding.preview')"/></h2>
      <div class="brand-preview" id="brand-preview">
        <div class="preview-header">
          <div class="brand">
            <xsl:if test="$b/@logo">
              <img class="logo" src="{$mount}/logo/{$b/@logo}" alt=""/>
            </xsl:if>
            <span class="names">
              <span class="company"><xsl:value-of select="saved/@name"/></span>
              <span class="product"><xsl:value-of select="kp:t('app.portal')"/></span>
            </span>
          </div>
        </div>
        <div class="preview-body">
          <span class="button primary"><xsl:value-of select="kp:t('login.submit')"/></span>
          <span class="link-sample"><xsl:value-of select="kp:t('branding.preview_link')"/></span>
        </div>
      </div>
      <p class="meta hint"><xsl:value-of select="kp:t('branding.preview_hint')"/></p>
    </section>

    <form method="post" enctype="multipart/form-data" action="{$mount}/settings/branding"
          class="card stack" id="branding-form">
      <!-- the CSRF token first, in the body: the module checks it before it keeps anything -->
      <input type="hidden" name="csrf" value="{$ctx/@csrf}"/>
      <xsl:call-template name="hidden"><xsl:with-param name="form" select="$f"/><xsl:with-param name="name" select="'version'"/></xsl:call-template>
      <xsl:call-template name="input">
        <xsl:with-param name="form" select="$f"/><xsl:with-param name="name" select="'company_name'"/>
        <xsl:with-param name="label" select="'branding.company_name'"/><xsl:with-param name="required" select="true()"/>
        <xsl:with-param name="autocomplete" select="'organization'"/>
      </xsl:call-template>
      <xsl:call-template name="input">
        <xsl:with-param name="form" select="$f"/><xsl:with-param name="name" select="'accent'"/>
        <xsl:with-param name="label" select="'branding.accent'"/><xsl:with-param name="max" select="20"/>
        <xsl:with-param name="hint" select="'branding.accent_hint'"/>
      </xsl:call-template>

      <label for="admin-branding-logo"><xsl:value-of select="kp:t('branding.logo')"/></label>
      <xsl:choose>
        <xsl:when test="$b/@logo">
          <p class="current-logo"><img class="logo" src="{$mount}/logo/{$b/@logo}" alt="{kp:t('branding.logo_current')}"/></p>
          <xsl:call-template name="checkbox">
            <xsl:with-param name="form" select="$f"/><xsl:with-param name="name" select="'remove_logo'"/>
            <xsl:with-param name="label" select="'branding.remove_logo'"/>
          </xsl:call-template>
        </xsl:when>
        <xsl:otherwise><p class="meta"><xsl:value-of select="kp:t('branding.no_logo')"/></p></xsl:otherwise>
      </xsl:choose>
      <input type="file" id="admin-branding-logo" name="logo" accept="image/png,image/jpeg,image/webp">
        <xsl:attribute name="aria-describedby">admin-branding-logo-hint<xsl:if test="$logo-error"> admin-branding-logo-error</xsl:if></xsl:attribute>
        <xsl:if test="$logo-error"><xsl:attribute name="aria-invalid">true</xsl:attribute></xsl:if>
      </input>
      <p class="meta hint" id="admin-branding-logo-hint"><xsl:value-of select="kp:t('branding.logo_hint', kp:size(saved/@limit))"/></p>
      <xsl:if test="$logo-error">
        <p class="field-error" id="admin-branding-logo-error"><xsl:value-of select="kp:t($logo-error, kp:size(saved/@limit))"/></p>
      </xsl:if>
      <p class="actions"><button type="submit" class="primary"><xsl:value-of select="kp:t('page.save')"/></button></p>
    </form>
  </xsl:template>
</xsl:stylesheet>
